package org.orion.harness.scenario.crash;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker can fail: a lost flushed write and parity damaged after the resync are both reported. */
class CheckerSelfTest extends ExplorerTestBase {
    @Test
    void shouldReportAFlushedWriteThatTheCrashStateDropped() {
        for (int level : new int[] {1, 5, 6, 10, 0}) {
            CrashCampaignSpec spec = CrashCampaignSpec.small(level, level == 6 ? 5 : 4, 21, 4, 0);
            CrashReport report = explorer.run(spec, List.of(0, 1, 2, 3), new DropLastFlushedWrite());
            System.out.println(report.summary());
            assertFalse(report.violations().isEmpty(), "raid" + level + ": a dropped flushed write goes unnoticed");
            assertTrue(report.violations().stream().allMatch(v -> v.problem().contains("LOST")),
                    "raid" + level + ": " + report.violations());
        }
    }

    @Test
    void shouldReportMismatchedParityFoundByTheCheckPass() {
        CrashCampaignSpec spec = CrashCampaignSpec.small(5, 4, 22, 1, 1);
        CrashReport report = explorer.run(spec, List.of(0, 1), new DamageParityAfterResync());
        assertTrue(report.violations().stream().anyMatch(v -> v.problem().contains("mismatched byte")),
                "the check pass must catch damage: " + report.violations());
    }

    /**
     * Loses every member write of the last client write that was acknowledged before a completed
     * flush and still holds the floor of one of its sectors: a real loss of flushed data.
     */
    private static final class DropLastFlushedWrite implements CrashStateExplorer.Sabotage {
        @Override
        public CrashState alter(Recording recording, CrashState state) {
            long[] floors = recording.history().floors(state.crashSeq());
            ClientHistory.ClientWrite victim = null;
            for (ClientHistory.ClientWrite w : recording.history().writes()) {
                for (long s = w.firstSector(); s < w.firstSector() + w.sectors(); s++) {
                    if (floors[(int) s] == w.id()) {
                        victim = w;
                    }
                }
            }
            if (victim == null) {
                return state;
            }
            Set<Integer> dropped = new HashSet<>();
            List<MemberTrace.Write> writes = recording.trace().writes();
            for (int i = 0; i < writes.size(); i++) {
                long seq = writes.get(i).seq();
                if (seq > victim.submitSeq() && seq < victim.ackSeq()) {
                    dropped.add(i);
                }
            }
            return state.droppingDurable(dropped);
        }
    }

    /** After the resync, overwrites one chunk of member 0's data area behind the array's back. */
    private static final class DamageParityAfterResync implements CrashStateExplorer.Sabotage {
        @Override
        public CrashState alter(Recording recording, CrashState state) {
            return state;
        }

        @Override
        public void afterResync(Recording recording, List<MemoryMember> members) {
            byte[] junk = new byte[4096];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            members.get(0).poke(recording.dataOffsetBytes() + recording.spec().chunkBytes(), junk);
        }
    }
}
