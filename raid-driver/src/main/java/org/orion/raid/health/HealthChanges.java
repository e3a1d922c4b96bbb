package org.orion.raid.health;

import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.hw.HealthSnapshot;

/**
 * What got worse between two health snapshots of one disk. Rising reallocated sectors (the disk is
 * using up its spare sectors) and rising pending sectors (it has unreadable sectors) are the two
 * counters that best predict a failing drive; a failing verdict of the disk's own is reported when
 * it turns from passed to failed. Counters that stay put, or fall (pending sectors rewritten), are
 * not a change for the worse.
 */
final class HealthChanges {
    private HealthChanges() {
    }

    /**
     * @param before the previous snapshot, or null for the first one (then only a failing verdict counts:
     *               counters seen for the first time are the baseline)
     * @return one phrase per thing that got worse, empty if none
     */
    static List<String> worsening(HealthSnapshot before, HealthSnapshot after) {
        List<String> reasons = new ArrayList<>();
        if (!after.passed() && (before == null || before.passed())) {
            reasons.add("its own health verdict is FAILED");
        }
        if (before == null) {
            return reasons;
        }
        if (after.reallocatedSectors() > before.reallocatedSectors()) {
            reasons.add("reallocated sectors rose from " + before.reallocatedSectors() + " to "
                    + after.reallocatedSectors());
        }
        if (after.pendingSectors() > before.pendingSectors()) {
            reasons.add("pending sectors rose from " + before.pendingSectors() + " to " + after.pendingSectors());
        }
        return reasons;
    }
}
