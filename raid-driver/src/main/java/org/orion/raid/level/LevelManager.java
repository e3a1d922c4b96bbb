package org.orion.raid.level;

import java.util.Arrays;
import java.util.Locale;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The one place that turns md's geometry (level, layout number, chunk, member count, member
 * size) into a {@link RaidLayout}, and the only code that switches on the level number. Every
 * combination md would refuse, or that would not map each array byte to its own place, is
 * rejected here with an {@link OrionException} that says what is wrong and what to do, so the
 * level classes can trust their arguments.
 *
 * <p>It also speaks mdadm's names: levels ({@code raid5}, {@code 5}, {@code mirror}) and layouts
 * ({@code left-symmetric}, {@code ls}, {@code n2}, {@code original}, ...), both ways.
 */
public final class LevelManager {
    /** md v1.x superblocks hold at most 1920 member roles. */
    public static final int MAX_MEMBERS = 1920;
    /** GF(2^8) has 255 distinct Q coefficients, and DDF layouts use one per member. */
    public static final int MAX_RAID6_MEMBERS = 255;
    /** mdadm's default chunk. */
    public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;
    /** md's smallest chunk for RAID4/5/6/10 (a page). */
    public static final int MIN_CHUNK_BYTES = 4096;
    /** Largest chunk accepted (chunks are buffered whole by the data path). */
    public static final int MAX_CHUNK_BYTES = 1 << 30;
    /** mdadm rounds a new RAID1's member size down to this. */
    public static final int RAID1_SIZE_ROUNDING_BYTES = 64 * 1024;

    private LevelManager() {
    }

    /**
     * The layout of an array whose members all offer {@code memberDataBytes} (md's per-member
     * "size"; striped levels round it down to a chunk, RAID10 to the size md actually uses).
     *
     * @param chunkBytes ignored for RAID1 (md has no RAID1 chunk)
     * @throws OrionException USAGE, UNSUPPORTED or SIZE when md could not run such an array
     */
    public static RaidLayout create(int level, int layout, int chunkBytes, int members, long memberDataBytes) {
        requireMembers(level, layout, members);
        requireSectorMultiple(memberDataBytes);
        if (level == 0) {
            long[] sizes = new long[members];
            Arrays.fill(sizes, memberDataBytes);
            return createRaid0(layout, chunkBytes, sizes);
        }
        checkLayout(level, layout);
        RaidLayout result;
        switch (level) {
            case 1:
                result = new Raid1Layout(members, memberDataBytes);
                break;
            case 4:
            case 5:
                requirePowerOfTwoChunk(level, chunkBytes);
                result = new Raid5Layout(level, layout, members, chunkBytes, memberDataBytes);
                break;
            case 6:
                requirePowerOfTwoChunk(level, chunkBytes);
                result = new Raid6Layout(layout, members, chunkBytes, memberDataBytes);
                break;
            default: // 10, see requireMembers
                requirePowerOfTwoChunk(level, chunkBytes);
                result = createRaid10(layout, members, chunkBytes, memberDataBytes);
                break;
        }
        requireData(result, memberDataBytes);
        return result;
    }

    /**
     * A RAID0 over members of possibly different sizes, with md's zones. {@code layout} must be
     * 1 (original) or 2 (alternate) when it matters, that is when a zone after the first spans
     * two or more members; md refuses to guess there.
     */
    public static Raid0Layout createRaid0(int layout, int chunkBytes, long[] memberBytes) {
        requireMembers(0, layout, memberBytes.length);
        checkLayout(0, layout);
        // md's raid0 also runs with chunks that are sector multiples but not powers of two, yet
        // then sizes the array with a power-of-two mask (raid0_size), so such arrays are refused.
        if (chunkBytes < 512 || chunkBytes > MAX_CHUNK_BYTES || Integer.bitCount(chunkBytes) != 1) {
            throw new OrionException(ErrorCode.USAGE, "raid0 chunk of " + chunkBytes
                    + " bytes is not a power of two between 512 bytes and 1 GiB: use e.g. 512 KiB");
        }
        for (int i = 0; i < memberBytes.length; i++) {
            requireSectorMultiple(memberBytes[i]);
            if (memberBytes[i] < chunkBytes) {
                throw new OrionException(ErrorCode.SIZE, "raid0 member " + i + " offers " + memberBytes[i]
                        + " bytes, less than one " + chunkBytes + "-byte chunk: use a larger member or a smaller chunk");
            }
        }
        Raid0Layout result = new Raid0Layout(layout, chunkBytes, memberBytes);
        if (result.layoutMatters() && layout != MdLayouts.RAID0_ORIGINAL && layout != MdLayouts.RAID0_ALTERNATE) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "raid0 with members of different sizes has "
                    + result.zoneCount() + " zones and needs layout original (1) or alternate (2), got " + layout
                    + ": md maps such arrays differently by kernel version, so state which one made the array");
        }
        return result;
    }

    private static Raid10Layout createRaid10(int layout, int members, int chunkBytes, long memberDataBytes) {
        int near = MdLayouts.raid10Near(layout);
        if (MdLayouts.raid10FarSetVariant(layout) != 0 && near > 1) {
            throw unsupported10(layout, "md's far-set variants combined with near copies put two chunks in one "
                    + "place");
        }
        if (MdLayouts.raid10Offset(layout) && near > 1 && members % near != 0) {
            throw unsupported10(layout, "offset copies with " + near + " near copies over " + members
                    + " members make md map two chunks to one place; use a member count divisible by " + near);
        }
        Raid10Layout result = new Raid10Layout(layout, members, chunkBytes, memberDataBytes);
        if (!result.copiesOnDistinctMembers()) {
            throw unsupported10(layout, "it puts two copies of a chunk on one member (md warns this layout "
                    + "does not provide data safety)");
        }
        return result;
    }

    private static OrionException unsupported10(int layout, String why) {
        return new OrionException(ErrorCode.UNSUPPORTED, "raid10 layout 0x" + Integer.toHexString(layout) + " ("
                + LayoutNames.print(10, layout) + ") is not supported: " + why);
    }

    private static void requireMembers(int level, int layout, int members) {
        int min;
        int max = MAX_MEMBERS;
        switch (level) {
            case 0:
            case 1:
                min = 1;
                max = level == 1 ? StripeMap.MAX_COPIES : MAX_MEMBERS;
                break;
            case 4:
            case 5:
                min = 2;
                break;
            case 6:
                min = 4;
                max = MAX_RAID6_MEMBERS;
                break;
            case 10:
                checkLayout(10, layout);
                min = Math.max(2, MdLayouts.raid10Near(layout) * MdLayouts.raid10Far(layout));
                break;
            default:
                throw new OrionException(ErrorCode.UNSUPPORTED, "raid level " + level
                        + " is not supported: use 0, 1, 4, 5, 6 or 10");
        }
        if (members < min) {
            String what = level == 10 ? "raid10 layout " + LayoutNames.print(10, layout) : "raid" + level;
            throw new OrionException(ErrorCode.USAGE, what + " needs at least " + min + " members, got " + members);
        }
        if (members > max) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "raid" + level + " supports at most " + max
                    + " members, got " + members);
        }
    }

    /** Member-independent layout checks: the number must mean something at this level. */
    private static void checkLayout(int level, int layout) {
        boolean valid;
        switch (level) {
            case 0:
                valid = layout >= MdLayouts.RAID0_UNSPECIFIED && layout <= MdLayouts.RAID0_ALTERNATE;
                break;
            case 1:
                valid = layout == 0;
                break;
            case 4:
            case 5:
                valid = layout >= MdLayouts.LEFT_ASYMMETRIC && layout <= MdLayouts.PARITY_N;
                break;
            case 6:
                valid = layout >= MdLayouts.LEFT_ASYMMETRIC && layout <= MdLayouts.PARITY_N
                        || layout >= MdLayouts.ROTATING_ZERO_RESTART && layout <= MdLayouts.ROTATING_N_CONTINUE
                        || layout >= MdLayouts.LEFT_ASYMMETRIC_6 && layout <= MdLayouts.PARITY_0_6;
                break;
            case 10:
                checkRaid10Word(layout);
                return;
            default:
                throw new OrionException(ErrorCode.UNSUPPORTED, "raid level " + level
                        + " is not supported: use 0, 1, 4, 5, 6 or 10");
        }
        if (!valid) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "layout " + layout + " is not an md raid" + level
                    + " layout: " + LayoutNames.validNames(level));
        }
    }

    private static void checkRaid10Word(int layout) {
        int near = MdLayouts.raid10Near(layout);
        int far = MdLayouts.raid10Far(layout);
        int variant = MdLayouts.raid10FarSetVariant(layout);
        if (layout < 0 || variant > 2) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "raid10 layout 0x" + Integer.toHexString(layout)
                    + " has bits md does not define: " + LayoutNames.validNames(10));
        }
        if (near < 1 || far < 1) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "raid10 layout 0x" + Integer.toHexString(layout)
                    + " has no near or no far copies: " + LayoutNames.validNames(10));
        }
        int copies = near * far;
        if (copies < 2) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "raid10 layout " + LayoutNames.print(10, layout)
                    + " keeps a single copy: use raid0, or a layout with 2 or more copies such as n2");
        }
        if (copies > StripeMap.MAX_COPIES) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "raid10 layout " + LayoutNames.print(10, layout)
                    + " keeps " + copies + " copies; at most " + StripeMap.MAX_COPIES + " are supported");
        }
    }

    private static void requirePowerOfTwoChunk(int level, int chunkBytes) {
        if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes > MAX_CHUNK_BYTES || Integer.bitCount(chunkBytes) != 1) {
            throw new OrionException(ErrorCode.USAGE, "raid" + level + " chunk of " + chunkBytes
                    + " bytes is not a power of two between 4 KiB and 1 GiB: use e.g. 64 KiB or 512 KiB");
        }
    }

    private static void requireSectorMultiple(long memberDataBytes) {
        if (memberDataBytes <= 0 || memberDataBytes % 512 != 0) {
            throw new OrionException(ErrorCode.USAGE, "member data size of " + memberDataBytes
                    + " bytes is not a positive whole number of 512-byte sectors");
        }
    }

    private static void requireData(RaidLayout layout, long memberDataBytes) {
        if (layout.arrayBytes() <= 0) {
            throw new OrionException(ErrorCode.SIZE, layout.levelName() + " members offering " + memberDataBytes
                    + " bytes hold no complete stripe of " + layout.chunkBytes()
                    + "-byte chunks: use larger members or a smaller chunk");
        }
    }

    /**
     * The per-member size mdadm gives a new array from members offering {@code availableBytes}:
     * rounded down to a chunk for striped levels, to 64 KiB for RAID1.
     */
    public static long createMemberDataBytes(int level, int chunkBytes, long availableBytes) {
        long unit = level == 1 ? RAID1_SIZE_ROUNDING_BYTES : chunkBytes;
        if (unit <= 0) {
            throw new OrionException(ErrorCode.USAGE, "chunk of " + chunkBytes + " bytes must be positive");
        }
        return availableBytes / unit * unit;
    }

    /** mdadm's default layout for a new array (left-symmetric, n2, original, or 0). */
    public static int defaultLayout(int level) {
        switch (level) {
            case 0:
                return MdLayouts.RAID0_ORIGINAL;
            case 5:
            case 6:
                return MdLayouts.LEFT_SYMMETRIC;
            case 10:
                return MdLayouts.RAID10_DEFAULT;
            default:
                return 0;
        }
    }

    /** md level number of an mdadm level name ({@code raid5}, {@code 5}, {@code mirror}, {@code stripe}). */
    public static int parseLevel(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "raid0": case "0": case "stripe":
                return 0;
            case "raid1": case "1": case "mirror":
                return 1;
            case "raid4": case "4":
                return 4;
            case "raid5": case "5":
                return 5;
            case "raid6": case "6":
                return 6;
            case "raid10": case "10":
                return 10;
            case "linear": case "multipath": case "mp": case "faulty": case "container":
                throw new OrionException(ErrorCode.UNSUPPORTED, "level " + key
                        + " is not supported: use raid0, raid1, raid4, raid5, raid6 or raid10");
            default:
                throw new OrionException(ErrorCode.USAGE, "unknown raid level '" + name
                        + "': use raid0, raid1, raid4, raid5, raid6 or raid10");
        }
    }

    /** mdadm's name of a level: {@code raid6}. */
    public static String levelName(int level) {
        checkLayout(level, defaultLayout(level));
        return "raid" + level;
    }

    /** md layout number of an mdadm layout name at {@code level}; validated, not yet against a member count. */
    public static int parseLayout(int level, String name) {
        int layout = LayoutNames.parse(level, name);
        checkLayout(level, layout);
        return layout;
    }

    /** mdadm's name of a layout number ({@code left-symmetric}, {@code near=2}); empty when the level has none. */
    public static String layoutName(int level, int layout) {
        checkLayout(level, layout);
        return LayoutNames.print(level, layout);
    }
}
