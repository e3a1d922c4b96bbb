package org.orion.harness.scenario.crash;

import java.util.BitSet;
import java.util.List;

/**
 * Builds the member images of a crash state by replaying the trace onto zeroed members: every
 * durable write whole, every surviving non-durable write for the sectors it kept, in the order
 * they were written (so for any sector the result is one of the values it was given since its
 * last durable one, as a disk cache that writes back in any order leaves it).
 */
final class MemberImages {
    private MemberImages() {
    }

    static byte[][] build(Recording recording, CrashState state) {
        MemberTrace trace = recording.trace();
        byte[][] images = new byte[trace.memberCount()][(int) recording.memberBytes()];
        long[] durableBefore = trace.durableBefore(state.crashSeq());
        List<MemberTrace.Write> writes = trace.writes();
        for (int w = 0; w < writes.size(); w++) {
            MemberTrace.Write write = writes.get(w);
            if (write.seq() >= state.crashSeq()) {
                break;
            }
            byte[] image = images[write.member()];
            if (CrashStateSampler.isDurable(write, durableBefore)) {
                if (!state.droppedDurable().contains(w)) {
                    System.arraycopy(write.data(), 0, image, (int) write.offsetBytes(), write.data().length);
                }
                continue;
            }
            BitSet kept = state.keptVolatile().get(w);
            if (kept == null) {
                continue;
            }
            for (int s = kept.nextSetBit(0); s >= 0; s = kept.nextSetBit(s + 1)) {
                int from = s * MemoryMember.SECTOR_BYTES;
                System.arraycopy(write.data(), from, image, (int) write.offsetBytes() + from, MemoryMember.SECTOR_BYTES);
            }
        }
        return images;
    }
}
