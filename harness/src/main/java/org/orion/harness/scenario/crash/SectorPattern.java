package org.orion.harness.scenario.crash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes a client write puts in each 512-byte sector, made so that any sector read back names
 * the write it came from and proves it:
 *
 * <pre>
 *   0        8             16                                      512
 *   | writeId | arraySector | 62 words: mix(writeId, arraySector, i) |
 * </pre>
 *
 * An all-zero sector is the content before any write (writeId 0). A sector whose words do not
 * match the pattern its header claims holds bytes no client ever wrote ({@link #INVENTED}).
 */
final class SectorPattern {
    static final int SECTOR_BYTES = 512;
    /** The sector's content before any client write: all zeroes. */
    static final long NEVER_WRITTEN = 0;
    /** The sector holds bytes that no client write produced. */
    static final long INVENTED = -1;

    private SectorPattern() {
    }

    /** Fills {@code sectors} sectors of {@code dst} from {@code dstOffset} with write {@code writeId}'s pattern. */
    static void fill(byte[] dst, int dstOffset, long writeId, long firstArraySector, int sectors) {
        ByteBuffer out = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < sectors; s++) {
            int base = dstOffset + s * SECTOR_BYTES;
            long sector = firstArraySector + s;
            out.putLong(base, writeId);
            out.putLong(base + 8, sector);
            for (int i = 2; i < SECTOR_BYTES / 8; i++) {
                out.putLong(base + i * 8, word(writeId, sector, i));
            }
        }
    }

    /**
     * Which write the sector at {@code offset} of {@code src} (array sector {@code arraySector})
     * came from: its id, {@link #NEVER_WRITTEN} for zeroes, {@link #INVENTED} for anything else.
     */
    static long identify(byte[] src, int offset, long arraySector) {
        ByteBuffer in = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        long writeId = in.getLong(offset);
        if (writeId == 0) {
            for (int i = 0; i < SECTOR_BYTES; i += 8) {
                if (in.getLong(offset + i) != 0) {
                    return INVENTED;
                }
            }
            return NEVER_WRITTEN;
        }
        if (writeId < 0 || in.getLong(offset + 8) != arraySector) {
            return INVENTED;
        }
        for (int i = 2; i < SECTOR_BYTES / 8; i++) {
            if (in.getLong(offset + i * 8) != word(writeId, arraySector, i)) {
                return INVENTED;
            }
        }
        return writeId;
    }

    /** SplitMix64's finaliser over the three inputs: cheap, and no two sectors share words. */
    private static long word(long writeId, long sector, int index) {
        long z = writeId * 0x9E3779B97F4A7C15L + sector * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
