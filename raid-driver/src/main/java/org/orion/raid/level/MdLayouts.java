package org.orion.raid.level;

/**
 * md's layout numbers, exactly as the superblock's {@code layout} field stores them
 * (md-format.md §2.1 for RAID4/5/6, §4 for RAID10, §2.5 for RAID0). Plain constants so the
 * superblock codec, the command line and the level classes agree on one spelling.
 */
public final class MdLayouts {
    // RAID4/5/6 algorithms (md's ALGORITHM_* numbers). 0..5 are valid for RAID5 and RAID6.
    public static final int LEFT_ASYMMETRIC = 0;
    public static final int RIGHT_ASYMMETRIC = 1;
    public static final int LEFT_SYMMETRIC = 2;
    public static final int RIGHT_SYMMETRIC = 3;
    public static final int PARITY_0 = 4;
    public static final int PARITY_N = 5;
    // RAID6 only: DDF orders (Q coefficient = physical member index).
    public static final int ROTATING_ZERO_RESTART = 8;
    public static final int ROTATING_N_RESTART = 9;
    public static final int ROTATING_N_CONTINUE = 10;
    // RAID6 only: a RAID5 layout on the first n-1 members with Q always on the last one.
    public static final int LEFT_ASYMMETRIC_6 = 16;
    public static final int RIGHT_ASYMMETRIC_6 = 17;
    public static final int LEFT_SYMMETRIC_6 = 18;
    public static final int RIGHT_SYMMETRIC_6 = 19;
    public static final int PARITY_0_6 = 20;

    /** RAID0 layout 0: not recorded (pre-5.4 kernels); md refuses it for multi-zone arrays. */
    public static final int RAID0_UNSPECIFIED = 0;
    /** RAID0 layout 1: pre-3.14 zone mapping, device chosen by the absolute array chunk. */
    public static final int RAID0_ORIGINAL = 1;
    /** RAID0 layout 2: device chosen by the zone-relative chunk. */
    public static final int RAID0_ALTERNATE = 2;

    /** RAID10 word bit: far copies are one chunk apart ("offset" mode). */
    public static final int RAID10_OFFSET_BIT = 0x10000;
    /** RAID10 default: near=2, far=1 ({@code n2}). */
    public static final int RAID10_DEFAULT = 0x102;

    private MdLayouts() {
    }

    /** md's RAID10 layout word for {@code near} near copies and {@code far} far (or offset) copies. */
    public static int raid10(int near, int far, boolean offset) {
        if (near < 1 || near > 255 || far < 1 || far > 255) {
            throw new IllegalArgumentException("near and far copies must be 1..255, got " + near + " and " + far);
        }
        return near | (far << 8) | (offset ? RAID10_OFFSET_BIT : 0);
    }

    /** Near copies (bits 0-7) of a RAID10 layout word. */
    public static int raid10Near(int layout) {
        return layout & 0xff;
    }

    /** Far or offset copies (bits 8-15) of a RAID10 layout word. */
    public static int raid10Far(int layout) {
        return (layout >>> 8) & 0xff;
    }

    /** Whether a RAID10 layout word is in offset mode (bit 16). */
    public static boolean raid10Offset(int layout) {
        return (layout & RAID10_OFFSET_BIT) != 0;
    }

    /** The far-set variant (bits 17-18): 0 = one set of all members (what mdadm writes), 1, 2. */
    public static int raid10FarSetVariant(int layout) {
        return layout >>> 17;
    }

    /** Whether a RAID6 algorithm uses the DDF Q coefficient order (physical member index). */
    public static boolean isDdf(int algorithm) {
        return algorithm == ROTATING_ZERO_RESTART || algorithm == ROTATING_N_RESTART
                || algorithm == ROTATING_N_CONTINUE;
    }
}
