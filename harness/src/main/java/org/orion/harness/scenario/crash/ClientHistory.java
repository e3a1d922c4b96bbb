package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.List;

/**
 * The model of what clients did: every write (its sectors, FUA, when it was submitted and
 * acknowledged) and every flush (when it was submitted and completed), numbered on the
 * {@link MemberTrace}'s counter. From it, for a crash at a given number, the checker knows which
 * value each array sector must hold and which it may hold.
 *
 * <h2>The guarantee checked (per 512-byte sector)</h2>
 * Let F be the last client FLUSH that completed before the crash. The <em>floor</em> of a sector
 * is the last write to it acknowledged before F was submitted, or the last FUA write to it
 * acknowledged before the crash, whichever came later (none: the sector's content before any
 * write, zeroes). After the crash and reassembly the sector must read back the floor's bytes or
 * the bytes of a later write to it that was submitted before the crash. Nothing else: not an
 * older value, not a write submitted after the crash, not bytes no write produced. One client
 * write may survive for some of its sectors and not others (a crash tears writes per sector).
 *
 * <p>Writes are issued one at a time, so write ids grow in submit order. Single-threaded: the
 * workload fills it, then checkers read it.
 */
final class ClientHistory {
    /** One client write; {@code ackSeq} is {@link Long#MAX_VALUE} if it was not acknowledged OK. */
    record ClientWrite(long id, long firstSector, int sectors, boolean fua, long submitSeq, long ackSeq) {
        boolean covers(long sector) {
            return sector >= firstSector && sector < firstSector + sectors;
        }
    }

    /** One client flush; {@code completeSeq} is {@link Long#MAX_VALUE} if it did not complete OK. */
    record ClientFlush(long submitSeq, long completeSeq) {
    }

    /** What a sector read back, judged against the model. */
    enum Verdict {
        /** The floor, or a later write submitted before the crash. */
        ALLOWED,
        /** An older value than the floor: an acknowledged, flushed (or FUA) write was lost. */
        LOST,
        /** Bytes no client write produced. */
        INVENTED,
        /** A write that does not cover this sector, or was submitted only after the crash. */
        PHANTOM
    }

    private final long arraySectors;
    private final List<ClientWrite> writes = new ArrayList<>();
    private final List<ClientFlush> flushes = new ArrayList<>();

    ClientHistory(long arraySectors) {
        this.arraySectors = arraySectors;
    }

    long arraySectors() {
        return arraySectors;
    }

    /** The id the next write gets (ids start at 1; 0 means "never written"). */
    long nextWriteId() {
        return writes.size() + 1L;
    }

    void addWrite(ClientWrite write) {
        if (write.id() != nextWriteId()) {
            throw new IllegalStateException("write ids must be consecutive: " + write.id() + " after " + writes.size());
        }
        writes.add(write);
    }

    void addFlush(ClientFlush flush) {
        flushes.add(flush);
    }

    List<ClientWrite> writes() {
        return List.copyOf(writes);
    }

    List<ClientFlush> flushes() {
        return List.copyOf(flushes);
    }

    ClientWrite write(long id) {
        return writes.get((int) (id - 1));
    }

    /** The floor of every sector for a crash at {@code crashSeq} (0 where no write must survive). */
    long[] floors(long crashSeq) {
        long flushSubmit = Long.MIN_VALUE;
        for (ClientFlush f : flushes) {
            if (f.completeSeq() < crashSeq) {
                flushSubmit = Math.max(flushSubmit, f.submitSeq());
            }
        }
        long[] floor = new long[(int) arraySectors];
        for (ClientWrite w : writes) {
            boolean durable = w.ackSeq() < flushSubmit || (w.fua() && w.ackSeq() < crashSeq);
            if (durable) {
                for (long s = w.firstSector(); s < w.firstSector() + w.sectors(); s++) {
                    floor[(int) s] = w.id();
                }
            }
        }
        return floor;
    }

    /** Judges what {@code sector} read back ({@link SectorPattern#identify}'s answer). */
    Verdict judge(long sector, long readId, long floorId, long crashSeq) {
        if (readId == floorId) {
            return Verdict.ALLOWED;
        }
        if (readId == SectorPattern.INVENTED) {
            return Verdict.INVENTED;
        }
        if (readId < floorId) {
            return Verdict.LOST;
        }
        if (readId > writes.size()) {
            return Verdict.PHANTOM;
        }
        ClientWrite w = write(readId);
        return w.covers(sector) && w.submitSeq() < crashSeq ? Verdict.ALLOWED : Verdict.PHANTOM;
    }
}
