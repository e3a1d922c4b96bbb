package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.List;

/**
 * The log of one recorded run: every member write (with a copy of its bytes) and every member
 * flush, in the order they happened, numbered from one counter that the client workload also
 * draws from, so "before the crash" means one thing for members and clients alike.
 *
 * <p>Members complete inside {@code submit} ({@link MemoryMember}), so a write is on its member
 * when it is numbered and a flush covers every write of that member numbered before it.
 *
 * <p>Threads: members record from the array's ring and conductor threads, the workload from its
 * own; every method takes the trace's lock.
 */
final class MemberTrace {
    /** One member write: {@code data} is what reached the member (zeroes for WRITE_ZEROES). */
    record Write(long seq, int member, long offsetBytes, byte[] data, boolean fua) {
        long endBytes() {
            return offsetBytes + data.length;
        }
    }

    /** One member flush: every write of {@code member} numbered below {@code seq} is durable. */
    record Flush(long seq, int member) {
    }

    private final int memberCount;
    private final List<Write> writes = new ArrayList<>();
    private final List<Flush> flushes = new ArrayList<>();
    private long nextSeq = 1;

    MemberTrace(int memberCount) {
        this.memberCount = memberCount;
    }

    int memberCount() {
        return memberCount;
    }

    /** The next number, for an event outside the members (a client submit or acknowledgement). */
    synchronized long tick() {
        return nextSeq++;
    }

    synchronized void write(int member, long offsetBytes, byte[] data, boolean fua) {
        writes.add(new Write(nextSeq++, member, offsetBytes, data, fua));
    }

    synchronized void flush(int member) {
        flushes.add(new Flush(nextSeq++, member));
    }

    /** Writes in order (a copy of the list; the records are shared). */
    synchronized List<Write> writes() {
        return List.copyOf(writes);
    }

    synchronized List<Flush> flushes() {
        return List.copyOf(flushes);
    }

    /**
     * For each member, the first sequence number not yet made durable by a flush numbered below
     * {@code crashSeq}: writes numbered below it are on stable storage at the crash.
     */
    synchronized long[] durableBefore(long crashSeq) {
        long[] durable = new long[memberCount];
        for (Flush f : flushes) {
            if (f.seq() < crashSeq) {
                durable[f.member()] = Math.max(durable[f.member()], f.seq());
            }
        }
        return durable;
    }
}
