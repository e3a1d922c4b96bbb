package org.orion.harness;

import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.event.DriverEvent;

/**
 * What a monitor that starts now must hear about arrays it has not seen before, as mdadm --monitor
 * reports on first sight of an array: NewArray, then DegradedArray when slots are empty, then
 * SparesMissing when it holds fewer idle spares than its configuration lists. Nothing here is
 * remembered; each call describes the arrays as they are.
 */
public final class FirstSightEvents {
    private FirstSightEvents() {
    }

    /**
     * @param withNewArray also a NewArray per array (a monitor client connecting; the kernel's own
     *                     start already heard NewArray from the driver)
     */
    public static List<DriverEvent> of(List<ArrayHost.Running> arrays, long nowNanos, boolean withNewArray) {
        List<DriverEvent> out = new ArrayList<>();
        for (ArrayHost.Running r : arrays) {
            ArrayStatus status = r.device().status();
            String name = r.spec().name();
            if (withNewArray) {
                out.add(new DriverEvent.NewArray(nowNanos, name, status.levelName() + " " + status.state() + ", "
                        + (status.members().size() - status.missingCount()) + " of " + status.members().size()
                        + " members in sync, " + status.spares().size() + " spare(s)"));
            }
            int missing = (int) status.missingCount();
            if (missing > 0 && !status.state().equals("failed")) {
                out.add(new DriverEvent.DegradedArray(nowNanos, name, missing,
                        Math.max(0, redundancy(status) - missing)));
            }
            int expected = r.spec().spares().size();
            if (status.spares().size() < expected) {
                out.add(new DriverEvent.SparesMissing(nowNanos, name, expected, status.spares().size()));
            }
        }
        return out;
    }

    /** How many members the level can lose (RAID10: copies - 1, which holds when the lost ones share no copy). */
    static int redundancy(ArrayStatus status) {
        int members = status.members().size();
        switch (status.levelName()) {
            case "raid1":
                return members - 1;
            case "raid4":
            case "raid5":
                return 1;
            case "raid6":
                return 2;
            case "raid10":
                for (String part : status.layoutName().split(",")) {
                    String[] kv = part.trim().split("=");
                    if (kv.length == 2 && kv[1].matches("\\d+")) {
                        return Integer.parseInt(kv[1]) - 1;
                    }
                }
                return 1;
            default:
                return 0;
        }
    }
}
