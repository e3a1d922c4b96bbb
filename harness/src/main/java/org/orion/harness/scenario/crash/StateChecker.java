package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;

/**
 * Checks one crash state with every member present: assembles the images through
 * {@link ArrayService#assemble} (no --force: a crash within the redundancy must not need it),
 * waits for the resync the dirty superblocks call for, reads every sector back against the model
 * ({@link SectorAudit}), then runs a {@code check} pass, which must find no mismatch.
 */
final class StateChecker {
    static final long PASS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final ArrayService raid;
    private final PassWaiter passes;

    StateChecker(ArrayService raid, PassWaiter passes) {
        this.raid = raid;
        this.passes = passes;
    }

    /**
     * The problems found in {@code state}, one line each; empty when it holds every guarantee.
     *
     * @param afterResync runs on the assembled array after the resync (the checker's self-test
     *                    damages a member there); null for none
     */
    List<String> check(Recording recording, CrashState state, String arrayName, Consumer<List<MemoryMember>> afterResync) {
        byte[][] images = MemberImages.build(recording, state);
        List<MemoryMember> members = new ArrayList<>();
        for (int i = 0; i < images.length; i++) {
            members.add(new MemoryMember("m" + i, images[i]));
        }
        List<String> problems = new ArrayList<>();
        ArrayDevice array;
        try {
            array = raid.assemble(new AssembleRequest(arrayName, false, false), List.<BlockDevice>copyOf(members));
        } catch (OrionException e) {
            problems.add("assembly refused with every member present: " + e.getMessage());
            return problems;
        }
        boolean redundant = recording.spec().level() != 0;
        try {
            if (redundant) {
                Optional<DriverEvent.RebuildFinished> resync = passes.await(arrayName, "resync", PASS_TIMEOUT_NANOS);
                if (resync.isEmpty() || !resync.get().completed()) {
                    problems.add("the resync of the dirty array " + (resync.isEmpty() ? "did not finish" : "stopped early"));
                    return problems;
                }
            }
            if (afterResync != null) {
                afterResync.accept(members);
            }
            SectorAudit audit = SectorAudit.of(array, recording.history(), state.crashSeq(), null);
            if (audit.wrongSettled() > 0) {
                problems.add(audit.wrongSettled() + " sector(s) wrong " + audit.settled() + ", first: "
                        + String.join("; ", audit.examples()));
            }
            if (redundant) {
                array.startSync("check");
                Optional<DriverEvent.RebuildFinished> check = passes.await(arrayName, "check", PASS_TIMEOUT_NANOS);
                if (check.isEmpty() || !check.get().completed()) {
                    problems.add("the check pass after the resync " + (check.isEmpty() ? "did not finish" : "stopped early"));
                } else if (check.get().mismatchBytes() != 0) {
                    problems.add("the check pass after the resync found " + check.get().mismatchBytes()
                            + " mismatched byte(s): parity/copies are not consistent");
                }
            }
        } finally {
            array.close();
            passes.forget(arrayName);
        }
        return problems;
    }
}
