package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongPredicate;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.block.BlockDevice;

/**
 * A crash followed by the loss of one member before the resync (docs/crash-consistency.md, "The
 * write hole"). For each crash state it drops a seeded member, assembles with --run (the member is
 * known to be lost, so starting without it is what the administrator asks for) but without --force,
 * and, where that is refused, with --force; then it reads every sector back and judges it, separating
 * the stripes that were being written at the crash (some member write there not yet durable) from
 * the others.
 *
 * <p>The statement tested: on RAID4/5/6 a dirty degraded array is refused without --force; with
 * --force every sector outside the stripes being written at the crash holds what the crash
 * guarantee allows, while inside them a sector reconstructed for the lost member may be wrong
 * (measured, not asserted). RAID1/10 are assembled without --force and hold the guarantee for
 * every sector. Where redundancy is left (a mirror with two or more members, a RAID6) the
 * array resyncs it, and a check pass afterwards finds no mismatch.
 */
final class WriteHoleProbe {
    private final ArrayService raid;
    private final PassWaiter passes;

    WriteHoleProbe(ArrayService raid, PassWaiter passes) {
        this.raid = raid;
        this.passes = passes;
    }

    WriteHoleReport run(Recording recording, List<Integer> stateIndexes, java.util.function.Supplier<String> names) {
        long t0 = System.nanoTime();
        CrashCampaignSpec spec = recording.spec();
        CrashStateSampler sampler = new CrashStateSampler(recording);
        List<CrashViolation> violations = new ArrayList<>();
        int refused = 0;
        int forced = 0;
        int statesWrong = 0;
        long unsettled = 0;
        long wrongUnsettled = 0;
        long unreadableUnsettled = 0;
        long wrongDurable = 0;
        long mismatchBytes = 0;
        String refusal = "";
        for (int index : stateIndexes) {
            CrashState state = sampler.state(index);
            int victim = new SplittableRandom(spec.seed() * 31 + index).nextInt(spec.members());
            String where = state.describe() + ", member " + victim + " lost";
            byte[][] images = MemberImages.build(recording, state);
            List<BlockDevice> devices = new ArrayList<>();
            for (int i = 0; i < images.length; i++) {
                if (i != victim) {
                    devices.add(new MemoryMember("m" + i, images[i]));
                }
            }
            String name = names.get();
            ArrayDevice array = null;
            try {
                array = raid.assemble(new AssembleRequest(name, false, false, true), devices);
                if (spec.parityLevel()) {
                    violations.add(new CrashViolation(spec.seed(), index, where,
                            "a dirty degraded raid" + spec.level() + " assembled without --force"));
                }
            } catch (OrionException e) {
                refused++;
                refusal = refusal.isEmpty() ? e.getMessage() : refusal;
                if (!spec.parityLevel()) {
                    violations.add(new CrashViolation(spec.seed(), index, where,
                            "raid" + spec.level() + " with one member lost refused: " + e.getMessage()));
                    continue;
                }
            }
            try {
                if (array == null) {
                    array = raid.assemble(new AssembleRequest(name, true, false, true), devices);
                    forced++;
                }
                if (resyncExpected(spec) && passes.await(name, "resync", StateChecker.PASS_TIMEOUT_NANOS).isEmpty()) {
                    violations.add(new CrashViolation(spec.seed(), index, where,
                            "no resync of the redundancy left (md resyncs a dirty degraded array that keeps some)"));
                }
                LongPredicate inStripeBeingWritten = spec.parityLevel() ? unsettledRows(recording, state) : null;
                SectorAudit audit = SectorAudit.of(array, recording.history(), state.crashSeq(), inStripeBeingWritten);
                unsettled += audit.unsettledSectors();
                wrongUnsettled += audit.wrongUnsettled();
                unreadableUnsettled += audit.unreadableUnsettled();
                wrongDurable += audit.wrongDurableUnsettled();
                mismatchBytes += checkMismatchBytes(array, name);
                statesWrong += audit.wrongUnsettled() > 0 ? 1 : 0;
                if (audit.wrongSettled() > 0) {
                    violations.add(new CrashViolation(spec.seed(), index, where, audit.wrongSettled()
                            + " sector(s) wrong outside the stripes being written at the crash: "
                            + String.join("; ", audit.examples())));
                }
            } catch (OrionException e) {
                violations.add(new CrashViolation(spec.seed(), index, where, "--force assembly refused: " + e.getMessage()));
            } finally {
                if (array != null) {
                    array.close();
                }
                passes.forget(name);
            }
        }
        return new WriteHoleReport(spec, stateIndexes.size(), refused, refusal, forced, unsettled, wrongUnsettled,
                unreadableUnsettled, wrongDurable, mismatchBytes, statesWrong, violations, System.nanoTime() - t0);
    }

    /**
     * Whether one member lost still leaves redundancy to resync: a mirror with two or more members
     * left, a RAID6. A RAID4/5 has none left.
     */
    static boolean resyncExpected(CrashCampaignSpec spec) {
        return spec.parityLevel() ? spec.level() == 6 : spec.members() - 1 >= 2;
    }

    /** A check pass's mismatches where the degraded array can run one (0 where it cannot). */
    private long checkMismatchBytes(ArrayDevice array, String name) {
        try {
            array.startSync("check");
        } catch (OrionException e) {
            return 0;
        }
        return passes.await(name, "check", StateChecker.PASS_TIMEOUT_NANOS)
                .map(org.orion.driver.api.event.DriverEvent.RebuildFinished::mismatchBytes).orElse(0L);
    }

    /**
     * Array sectors of the stripe rows being written at the crash: rows with a member write not
     * yet durable (kept or not), and rows of a client write submitted but not acknowledged (some
     * of its member writes, even FUA ones, may be done and others not). md's parity layouts put
     * member row r (data offset + r chunks) in array row r.
     */
    static LongPredicate unsettledRows(Recording recording, CrashState state) {
        CrashCampaignSpec spec = recording.spec();
        long rows = spec.memberDataBytes() / spec.chunkBytes();
        BitSet busy = new BitSet((int) rows);
        long[] durableBefore = recording.trace().durableBefore(state.crashSeq());
        for (MemberTrace.Write w : recording.trace().writes()) {
            if (w.seq() >= state.crashSeq()) {
                break;
            }
            if (w.offsetBytes() < recording.dataOffsetBytes() || CrashStateSampler.isDurable(w, durableBefore)) {
                continue;
            }
            long first = (w.offsetBytes() - recording.dataOffsetBytes()) / spec.chunkBytes();
            long last = (w.endBytes() - 1 - recording.dataOffsetBytes()) / spec.chunkBytes();
            if (first >= rows) {
                continue;
            }
            busy.set((int) first, (int) Math.min(rows, last + 1));
        }
        long rowSectors = (long) spec.chunkBytes() * spec.dataMembers() / SectorPattern.SECTOR_BYTES;
        for (ClientHistory.ClientWrite w : recording.history().writes()) {
            if (w.submitSeq() < state.crashSeq() && w.ackSeq() >= state.crashSeq()) {
                busy.set((int) (w.firstSector() / rowSectors), (int) ((w.firstSector() + w.sectors() - 1) / rowSectors) + 1);
            }
        }
        return sector -> busy.get((int) (sector / rowSectors));
    }
}
