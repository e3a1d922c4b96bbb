package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses crash states from a recording, every choice drawn from a random seeded by the spec's
 * seed and the state's index, so state {@code i} is the same state on every run.
 *
 * <p>Flush-boundary states are cut just after a member FLUSH inside the workload and keep no
 * unflushed write. Epoch states are cut at any event of the workload; each write not yet durable
 * at the cut survives with probability 1/2, and a surviving write of several sectors is torn
 * (keeps a random, non-empty, proper subset of its sectors) with probability 1/4.
 */
final class CrashStateSampler {
    private final Recording recording;
    private final List<MemberTrace.Write> writes;
    private final List<Long> boundaries = new ArrayList<>();

    CrashStateSampler(Recording recording) {
        this.recording = recording;
        this.writes = recording.trace().writes();
        for (MemberTrace.Flush f : recording.trace().flushes()) {
            if (f.seq() > recording.workloadStartSeq() && f.seq() < recording.workloadEndSeq()) {
                boundaries.add(f.seq() + 1);
            }
        }
    }

    /** Every state the spec asks for: the flush-boundary ones first, then the epoch ones. */
    List<CrashState> all() {
        CrashCampaignSpec spec = recording.spec();
        List<CrashState> states = new ArrayList<>();
        for (int i = 0; i < spec.flushBoundaryStates() + spec.epochStates(); i++) {
            states.add(state(i));
        }
        return states;
    }

    CrashState state(int index) {
        CrashCampaignSpec spec = recording.spec();
        SplittableRandom random = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + index);
        boolean boundary = index < spec.flushBoundaryStates();
        if (boundary) {
            long crashSeq = boundaries.isEmpty() ? randomPoint(random) : boundaries.get(random.nextInt(boundaries.size()));
            return new CrashState(index, CrashState.Kind.FLUSH_BOUNDARY, crashSeq, Map.of(), 0, Set.of());
        }
        long crashSeq = randomPoint(random);
        long[] durableBefore = recording.trace().durableBefore(crashSeq);
        Map<Integer, BitSet> kept = new HashMap<>();
        int torn = 0;
        for (int w = 0; w < writes.size(); w++) {
            MemberTrace.Write write = writes.get(w);
            if (write.seq() >= crashSeq) {
                break;
            }
            if (isDurable(write, durableBefore) || !random.nextBoolean()) {
                continue;
            }
            int sectors = write.data().length / MemoryMember.SECTOR_BYTES;
            BitSet mask = new BitSet(sectors);
            mask.set(0, sectors);
            if (sectors > 1 && random.nextInt(4) == 0) {
                torn++;
                mask.clear();
                while (mask.isEmpty() || mask.cardinality() == sectors) {
                    mask.clear();
                    for (int s = 0; s < sectors; s++) {
                        if (random.nextBoolean()) {
                            mask.set(s);
                        }
                    }
                }
            }
            kept.put(w, mask);
        }
        return new CrashState(index, CrashState.Kind.EPOCH, crashSeq, kept, torn, Set.of());
    }

    static boolean isDurable(MemberTrace.Write write, long[] durableBefore) {
        return write.fua() || write.seq() < durableBefore[write.member()];
    }

    /** A cut after the array is running and before the workload's last acknowledgement. */
    private long randomPoint(SplittableRandom random) {
        return recording.workloadStartSeq() + 1 + random.nextLong(recording.workloadEndSeq() - recording.workloadStartSeq());
    }
}
