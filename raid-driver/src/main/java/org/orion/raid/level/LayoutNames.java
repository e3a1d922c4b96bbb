package org.orion.raid.level;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * mdadm's layout names (maps.c r5layout, r6layout, r0layout; util.c parse_layout_10 and
 * print_r10_layout) to md layout numbers and back. Printing gives the first name mdadm lists for a
 * number, so {@code print(parse(name))} is the canonical spelling of {@code name}.
 */
final class LayoutNames {
    private static final Map<String, Integer> RAID5 = new LinkedHashMap<>();
    private static final Map<String, Integer> RAID6 = new LinkedHashMap<>();
    private static final Map<String, Integer> RAID0 = new LinkedHashMap<>();

    static {
        String[] common = {"left-asymmetric", "right-asymmetric", "left-symmetric", "right-symmetric"};
        for (int i = 0; i < common.length; i++) {
            RAID5.put(common[i], i);
            RAID6.put(common[i], i);
        }
        for (Map<String, Integer> m : List.of(RAID5, RAID6)) {
            m.put("default", MdLayouts.LEFT_SYMMETRIC);
            m.put("la", MdLayouts.LEFT_ASYMMETRIC);
            m.put("ra", MdLayouts.RIGHT_ASYMMETRIC);
            m.put("ls", MdLayouts.LEFT_SYMMETRIC);
            m.put("rs", MdLayouts.RIGHT_SYMMETRIC);
            m.put("parity-first", MdLayouts.PARITY_0);
            m.put("parity-last", MdLayouts.PARITY_N);
        }
        // For RAID5 mdadm maps the DDF names onto the equivalent md algorithms.
        RAID5.put("ddf-zero-restart", MdLayouts.RIGHT_ASYMMETRIC);
        RAID5.put("ddf-n-restart", MdLayouts.LEFT_ASYMMETRIC);
        RAID5.put("ddf-n-continue", MdLayouts.LEFT_SYMMETRIC);
        RAID6.put("ddf-zero-restart", MdLayouts.ROTATING_ZERO_RESTART);
        RAID6.put("ddf-n-restart", MdLayouts.ROTATING_N_RESTART);
        RAID6.put("ddf-n-continue", MdLayouts.ROTATING_N_CONTINUE);
        RAID6.put("left-asymmetric-6", MdLayouts.LEFT_ASYMMETRIC_6);
        RAID6.put("right-asymmetric-6", MdLayouts.RIGHT_ASYMMETRIC_6);
        RAID6.put("left-symmetric-6", MdLayouts.LEFT_SYMMETRIC_6);
        RAID6.put("right-symmetric-6", MdLayouts.RIGHT_SYMMETRIC_6);
        RAID6.put("parity-first-6", MdLayouts.PARITY_0_6);
        RAID0.put("original", MdLayouts.RAID0_ORIGINAL);
        RAID0.put("alternate", MdLayouts.RAID0_ALTERNATE);
        RAID0.put("dangerous", MdLayouts.RAID0_UNSPECIFIED);
    }

    private LayoutNames() {
    }

    /** mdadm's name of {@code layout} at {@code level}; empty when the level records none. */
    static String print(int level, int layout) {
        switch (level) {
            case 0:
                return layout == MdLayouts.RAID0_UNSPECIFIED ? "" : firstName(RAID0, layout, level);
            case 5:
                return firstName(RAID5, layout, level);
            case 6:
                return firstName(RAID6, layout, level);
            case 10:
                return printRaid10(layout);
            default:
                return "";
        }
    }

    private static String firstName(Map<String, Integer> names, int layout, int level) {
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if (e.getValue() == layout) {
                return e.getKey().replace("-n-", "-N-");
            }
        }
        return "raid" + level + "-layout-" + layout;
    }

    private static String printRaid10(int layout) {
        int near = MdLayouts.raid10Near(layout);
        int far = MdLayouts.raid10Far(layout);
        StringBuilder name = new StringBuilder();
        if (near != 1) {
            name.append("near=").append(near);
        }
        if (far != 1) {
            name.append(name.length() > 0 ? ", " : "");
            name.append(MdLayouts.raid10Offset(layout) ? "offset=" : "far=").append(far);
        }
        if (near * far == 1) {
            name.append("NO REDUNDANCY");
        }
        int variant = MdLayouts.raid10FarSetVariant(layout);
        if (variant != 0) {
            name.append(", far-set-variant=").append(variant);
        }
        return name.toString();
    }

    /**
     * The md layout number for {@code name} at {@code level}: mdadm's names (case-insensitive),
     * RAID10's {@code nK}/{@code fK}/{@code oK} and the printed {@code near=2, far=2} form, or a
     * plain number ({@code 2}, {@code 0x102}).
     */
    static int parse(int level, String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Integer numeric = parseNumber(key);
        if (numeric != null) {
            return numeric;
        }
        Integer found = null;
        switch (level) {
            case 0:
                found = RAID0.get(key);
                break;
            case 4:
                found = key.equals("parity-last") ? MdLayouts.PARITY_N : key.equals("default") ? 0 : null;
                break;
            case 5:
                found = RAID5.get(key);
                break;
            case 6:
                found = RAID6.get(key);
                break;
            case 10:
                found = parseRaid10(key);
                break;
            default:
                break;
        }
        if (found == null) {
            throw new OrionException(ErrorCode.USAGE, "unknown raid" + level + " layout '" + name + "': "
                    + validNames(level));
        }
        return found;
    }

    private static Integer parseNumber(String key) {
        try {
            if (key.startsWith("0x")) {
                return Integer.parseInt(key.substring(2), 16);
            }
            return key.chars().allMatch(Character::isDigit) && !key.isEmpty() ? Integer.parseInt(key) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer parseRaid10(String key) {
        if (key.matches("[nfo][0-9]{1,3}")) {
            int copies = Integer.parseInt(key.substring(1));
            if (copies < 1 || copies > 255) {
                return null;
            }
            switch (key.charAt(0)) {
                case 'n':
                    return MdLayouts.raid10(copies, 1, false);
                case 'f':
                    return MdLayouts.raid10(1, copies, false);
                default:
                    return MdLayouts.raid10(1, copies, true);
            }
        }
        int near = 1;
        int far = 1;
        boolean offset = false;
        int variant = 0;
        for (String part : key.split("\\s*,\\s*")) {
            String[] kv = part.split("=");
            if (kv.length != 2 || parseNumber(kv[1]) == null) {
                return null;
            }
            int value = parseNumber(kv[1]);
            switch (kv[0]) {
                case "near":
                    near = value;
                    break;
                case "far":
                    far = value;
                    break;
                case "offset":
                    far = value;
                    offset = true;
                    break;
                case "far-set-variant":
                    variant = value;
                    break;
                default:
                    return null;
            }
        }
        if (near < 1 || near > 255 || far < 1 || far > 255 || variant < 0 || variant > 3) {
            return null;
        }
        return MdLayouts.raid10(near, far, offset) | (variant << 17);
    }

    /** A sentence listing what {@link #parse} accepts at {@code level}. */
    static String validNames(int level) {
        switch (level) {
            case 0:
                return "use original or alternate";
            case 4:
                return "raid4 has no layout choice (parity-last is implied)";
            case 5:
                return "use one of " + String.join(", ", RAID5.keySet()).replace("-n-", "-N-");
            case 6:
                return "use one of " + String.join(", ", RAID6.keySet()).replace("-n-", "-N-");
            case 10:
                return "use nK (near), fK (far) or oK (offset) with K copies, e.g. n2";
            default:
                return "raid" + level + " has no layouts";
        }
    }
}
