package org.orion.harness.cli;

import java.util.function.Consumer;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.AssembleRequest;

/**
 * Assembles an array from opened members the way {@code mdadm --assemble} decides: the driver
 * picks members by event count and refuses what mdadm refuses, including an array that would start
 * with fewer members than were active when it last ran unless {@code --run} is given (mdadm's "need
 * all N to start it"). Those decisions are taken on a read-only assembly first, which writes
 * nothing, so a refusal leaves every member as it was; only then is the array started for real.
 */
final class ArrayStarter {
    /**
     * The started array and what the command should tell the user.
     *
     * @param device       the array; it owns the member devices
     * @param status       its status right after assembly (notes, members)
     * @param resyncDue    it was not stopped cleanly and is starting a resync
     */
    record Started(ArrayDevice device, ArrayStatus status, boolean resyncDue) {
        /** Members in sync. */
        int workingSlots() {
            return (int) status.members().stream().filter(m -> m.state().equals("in_sync")).count();
        }
    }

    private ArrayStarter() {
    }

    /**
     * @param name      array name, or null for the one in the superblocks
     * @param precheck  more checks on the read-only assembly (it throws to refuse), or null
     */
    static Started start(RaidSession session, MemberArguments members, String name, boolean force, boolean run,
                         boolean readOnly, Consumer<ArrayDevice> precheck) {
        var raid = session.raid();
        var survey = MemberSurvey.of(raid, members.devices());
        ArrayDevice dry = raid.assemble(new AssembleRequest(name, force, true, run), members.devices());
        ArrayStatus dryStatus;
        boolean keep = false;
        try {
            dryStatus = dry.status();
            if (precheck != null) {
                precheck.accept(dry);
            }
            keep = readOnly;
        } finally {
            if (!keep) {
                dry.stop();
            }
        }
        if (readOnly) {
            members.handOver();
            return new Started(dry, dryStatus, false);
        }
        ArrayDevice device = raid.assemble(new AssembleRequest(name, force, false, run), members.devices());
        members.handOver();
        ArrayStatus status = device.status();
        boolean clean = survey.map(MemberSurvey::clean).orElse(true);
        boolean resyncDue = !clean && status.missingCount() == 0 && !status.levelName().equals("raid0");
        return new Started(device, status, resyncDue);
    }
}
