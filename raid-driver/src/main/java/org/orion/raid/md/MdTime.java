package org.orion.raid.md;

import java.time.Instant;

/**
 * A 1.x superblock timestamp ({@code ctime}, {@code utime}): one little-endian 64-bit word whose
 * low 40 bits are seconds since the epoch and whose high 24 bits are microseconds.
 *
 * <pre>
 *   63                40 39                                         0
 *  +--------------------+--------------------------------------------+
 *  |   micros (24 bit)  |          seconds since 1970 (40 bit)       |
 *  +--------------------+--------------------------------------------+
 * </pre>
 *
 * mdadm writes microseconds as 0 and so does the kernel ({@code ktime_get_real_seconds}); readers
 * (mdadm's {@code --examine}, the kernel) look at the low 40 bits only. Both parts are kept so a
 * superblock re-encodes to the bytes it was read from.
 *
 * @param seconds seconds since the epoch, 0 .. 2^40-1
 * @param micros  the high 24 bits as stored, 0 .. 2^24-1
 */
public record MdTime(long seconds, int micros) {
    private static final long SECONDS_MASK = (1L << 40) - 1;
    private static final int MICROS_MASK = (1 << 24) - 1;

    public static final MdTime ZERO = new MdTime(0, 0);

    public MdTime {
        if ((seconds & ~SECONDS_MASK) != 0) {
            throw new IllegalArgumentException("md timestamp seconds " + seconds + " do not fit in 40 bits");
        }
        if ((micros & ~MICROS_MASK) != 0) {
            throw new IllegalArgumentException("md timestamp micros " + micros + " do not fit in 24 bits");
        }
    }

    /** A whole-second timestamp, as mdadm and the kernel write them. */
    public static MdTime ofSeconds(long seconds) {
        return new MdTime(seconds, 0);
    }

    /** Splits the on-disk word. */
    public static MdTime fromRaw(long raw) {
        return new MdTime(raw & SECONDS_MASK, (int) (raw >>> 40));
    }

    /** The on-disk word. */
    public long raw() {
        return ((long) micros << 40) | seconds;
    }

    /** The instant the seconds part names (the microseconds part is ignored, as mdadm does). */
    public Instant toInstant() {
        return Instant.ofEpochSecond(seconds);
    }
}
