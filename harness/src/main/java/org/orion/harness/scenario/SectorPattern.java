package org.orion.harness.scenario;

import java.nio.ByteBuffer;

/**
 * The content of one 512-byte sector as written by one write: a function of (key, write id, sector),
 * so nothing written has to be stored, and a sector read back names the write it came from.
 *
 * <pre>
 *   long 0:     (writeId << 32 | sector & 0xffffffff) ^ key     -- who wrote it, and where
 *   long 1..63: SplitMix64(key, writeId, sector, i)             -- the body
 * </pre>
 * Write id 0 is the initial content: all zeroes (fresh simulated disks read as zeroes, and so does
 * every array built on them).
 */
final class SectorPattern {
    static final int SECTOR_BYTES = 512;
    private static final int LONGS = SECTOR_BYTES / 8;

    private final long key;

    SectorPattern(long seed) {
        this.key = mix(seed ^ 0x6F72696F6E5F7363L);
    }

    /** Fills the sector at {@code at} of {@code buffer} with write {@code writeId}'s content of array sector {@code sector}. */
    void fill(ByteBuffer buffer, int at, int writeId, long sector) {
        if (writeId == 0) {
            for (int i = 0; i < LONGS; i++) {
                buffer.putLong(at + 8 * i, 0);
            }
            return;
        }
        buffer.putLong(at, header(writeId, sector));
        long h = mix(key + writeId * 0x9E3779B97F4A7C15L + sector * 0xC2B2AE3D27D4EB4FL);
        for (int i = 1; i < LONGS; i++) {
            h = mix(h + 0x9E3779B97F4A7C15L);
            buffer.putLong(at + 8 * i, h);
        }
    }

    /**
     * The id of the write whose content the sector at {@code at} holds intact, -1 if it holds
     * anything else (a mix, another sector's data, garbage).
     */
    int decode(ByteBuffer buffer, int at, long sector) {
        long first = buffer.getLong(at);
        if (first == 0 && allZero(buffer, at)) {
            return 0;
        }
        long x = first ^ key;
        if ((x & 0xffffffffL) != (sector & 0xffffffffL)) {
            return -1;
        }
        int writeId = (int) (x >>> 32);
        if (writeId <= 0) {
            return -1;
        }
        long h = mix(key + writeId * 0x9E3779B97F4A7C15L + sector * 0xC2B2AE3D27D4EB4FL);
        for (int i = 1; i < LONGS; i++) {
            h = mix(h + 0x9E3779B97F4A7C15L);
            if (buffer.getLong(at + 8 * i) != h) {
                return -1;
            }
        }
        return writeId;
    }

    /**
     * True if every byte of the sector at {@code at} is the byte at the same place of one of
     * {@code versions}' content (write id 0: zeroes), not necessarily all from the same one: what a
     * read racing an overlapping write may see, since a memory copy is not atomic per sector.
     * Garbage passes with a chance of about (versions / 256) per byte, so never in practice.
     */
    boolean mixOf(ByteBuffer buffer, int at, long sector, int[] versions, int count) {
        long[][] expected = new long[count][LONGS];
        for (int v = 0; v < count; v++) {
            ByteBuffer one = ByteBuffer.allocate(SECTOR_BYTES);
            fill(one, 0, versions[v], sector);
            for (int i = 0; i < LONGS; i++) {
                expected[v][i] = one.getLong(8 * i);
            }
        }
        for (int i = 0; i < LONGS; i++) {
            long got = buffer.getLong(at + 8 * i);
            for (int b = 0; b < 8; b++) {
                long mask = 0xffL << (8 * b);
                boolean matched = false;
                for (int v = 0; v < count && !matched; v++) {
                    matched = (got & mask) == (expected[v][i] & mask);
                }
                if (!matched) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What a sector that decodes to nothing looks like, for reports: the writer it claims, if any. */
    int claimedWriter(ByteBuffer buffer, int at, long sector) {
        long x = buffer.getLong(at) ^ key;
        return (x & 0xffffffffL) == (sector & 0xffffffffL) ? (int) (x >>> 32) : -1;
    }

    private long header(int writeId, long sector) {
        return (((long) writeId << 32) | (sector & 0xffffffffL)) ^ key;
    }

    private static boolean allZero(ByteBuffer buffer, int at) {
        for (int i = 0; i < LONGS; i++) {
            if (buffer.getLong(at + 8 * i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
