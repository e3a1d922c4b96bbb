package org.orion.harness.scenario;

import java.util.Arrays;
import java.util.List;

/**
 * What every sector of the array may hold, given which writes were acknowledged, which were in
 * flight together, which failed, and which were made durable by a flush. Sectors are 512 bytes;
 * each holds the content of exactly one write ({@link SectorPattern}), named by its id (0: never
 * written).
 *
 * <h2>The rule (requests run in batches; all requests of a batch are in flight together)</h2>
 * For each sector {@code s}:
 * <ul>
 *   <li>{@code now(s)}: the versions a read may return. A read in a batch may return any version in
 *       {@code now(s)} as it was when the batch started, or the version of any write of its own
 *       batch that covers {@code s} (a concurrent write may or may not be visible yet).</li>
 *   <li>When a batch ends, for each sector its writes cover: if at least one of them completed OK,
 *       {@code now(s)} becomes exactly the versions of all the batch's writes covering {@code s}
 *       (concurrent writes have no order, so any of them may be the one that landed last; a failed
 *       one may have landed too); the older versions are gone. If all of them failed,
 *       {@code now(s)} gains their versions (a failed write leaves old, new or a mix of sectors).</li>
 *   <li>{@code durable(s)}: the versions that may be there after a power loss. Every write adds
 *       its version when its batch ends; a FLUSH that completes OK (it runs alone, after the writes
 *       it covers completed) sets {@code durable(s) = now(s)} for every sector.</li>
 *   <li>A power loss sets {@code now(s) = durable(s)}: anything acknowledged before the last
 *       successful flush is still there, and a sector written since holds one of the versions
 *       written to it since (or the durable one): unflushed writes may be lost or torn, sector by
 *       sector, but never invent data.</li>
 * </ul>
 * Reads do not narrow the sets: two concurrent writes may leave a mirror's copies different
 * until the next write of the sector, and the model accepts either from either copy.
 *
 * <p>Single-threaded (the runner's thread). Sets are tiny sorted int arrays; nearly every sector
 * has exactly one version.
 */
final class AckModel {
    private static final int[] INITIAL = {0};

    private final int[][] now;
    private final int[][] durable;

    AckModel(long arrayBytes) {
        int sectors = Math.toIntExact(arrayBytes / SectorPattern.SECTOR_BYTES);
        now = new int[sectors][];
        durable = new int[sectors][];
        Arrays.fill(now, INITIAL);
        Arrays.fill(durable, INITIAL);
    }

    int sectors() {
        return now.length;
    }

    /** A write of a batch as the model needs it. */
    record BatchWrite(int writeId, long firstSector, long endSector, boolean ok) {
    }

    /** True if a read of {@code sector} in a batch with {@code batchWrites} may return {@code version}. */
    boolean acceptable(long sector, int version, List<BatchWrite> batchWrites) {
        if (contains(now[(int) sector], version)) {
            return true;
        }
        for (BatchWrite w : batchWrites) {
            if (w.writeId() == version && sector >= w.firstSector() && sector < w.endSector()) {
                return true;
            }
        }
        return false;
    }

    /** The versions a read of {@code sector} outside any batch may return, for reports. */
    int[] versions(long sector) {
        return now[(int) sector].clone();
    }

    /** Applies the writes of a batch that has ended. */
    void endBatch(List<BatchWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        long from = Long.MAX_VALUE;
        long to = 0;
        for (BatchWrite w : writes) {
            from = Math.min(from, w.firstSector());
            to = Math.max(to, w.endSector());
        }
        for (long s = from; s < to; s++) {
            int[] batch = new int[0];
            boolean anyOk = false;
            for (BatchWrite w : writes) {
                if (s >= w.firstSector() && s < w.endSector()) {
                    batch = with(batch, w.writeId());
                    anyOk |= w.ok();
                }
            }
            if (batch.length == 0) {
                continue;
            }
            int i = (int) s;
            now[i] = anyOk ? batch : union(now[i], batch);
            durable[i] = union(durable[i], batch);
        }
    }

    /** A FLUSH completed OK after every earlier batch ended: all of it is durable. */
    void flushed() {
        System.arraycopy(now, 0, durable, 0, now.length);
    }

    /** Power was lost: only what may be durable remains possible. */
    void powerLost() {
        System.arraycopy(durable, 0, now, 0, now.length);
    }

    private static boolean contains(int[] set, int version) {
        for (int v : set) {
            if (v == version) {
                return true;
            }
        }
        return false;
    }

    private static int[] with(int[] set, int version) {
        if (contains(set, version)) {
            return set;
        }
        int[] out = Arrays.copyOf(set, set.length + 1);
        out[set.length] = version;
        Arrays.sort(out);
        return out;
    }

    private static int[] union(int[] a, int[] b) {
        int[] out = a;
        for (int v : b) {
            out = with(out, v);
        }
        return out;
    }
}
