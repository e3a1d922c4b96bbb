package org.orion.harness.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the configuration knows about RAID levels: which numbers exist, how many members each needs
 * at least, and which md layout names each accepts. Only validation uses this table; the driver
 * maps addresses through its own per-level plug-ins.
 */
public final class RaidLevels {
    /** Every level Orion knows, in the order users expect to read them. */
    public static final List<Integer> ALL = List.of(0, 1, 4, 5, 6, 10, 50, 60);

    /** md's parity layouts (RAID4 has only parity-last, md's "parity-last" layout 5). */
    static final Set<String> PARITY_LAYOUTS = Set.of("left-asymmetric", "left-symmetric", "right-asymmetric",
            "right-symmetric", "parity-first", "parity-last");

    private static final Map<Integer, Integer> MIN_MEMBERS = Map.of(0, 2, 1, 2, 4, 3, 5, 3, 6, 4, 10, 2, 50, 6, 60, 8);

    private RaidLevels() {
    }

    public static boolean isKnown(int level) {
        return ALL.contains(level);
    }

    /** Fewest members an array of this level may be created with (RAID50/60: two legs of three or four). */
    public static int minMembers(int level) {
        return MIN_MEMBERS.get(level);
    }

    /** The layout an array gets when its entry names none, or "" for levels without layouts. */
    public static String defaultLayout(int level) {
        switch (level) {
            case 4: return "parity-last";
            case 5: case 6: case 50: case 60: return "left-symmetric";
            case 10: return "n2";
            default: return "";
        }
    }

    /** Describes the layouts a level accepts, for error messages. */
    public static String allowedLayouts(int level) {
        switch (level) {
            case 4: return "\"parity-last\"";
            case 5: case 6: case 50: case 60:
                return "\"left-asymmetric\", \"left-symmetric\", \"right-asymmetric\", \"right-symmetric\", "
                        + "\"parity-first\", \"parity-last\"";
            case 10: return "\"n2\", \"f2\", \"o2\" (near/far/offset with 2..members copies, e.g. \"n3\")";
            default: return "none (RAID" + level + " has no layouts; leave 'layout' out)";
        }
    }

    /** True if {@code layout} is valid for {@code level} with {@code members} members. */
    public static boolean acceptsLayout(int level, String layout, int members) {
        switch (level) {
            case 4: return layout.equals("parity-last");
            case 5: case 6: case 50: case 60: return PARITY_LAYOUTS.contains(layout);
            case 10:
                if (!layout.matches("[nfo][0-9]{1,2}")) {
                    return false;
                }
                int copies = Integer.parseInt(layout.substring(1));
                return copies >= 2 && copies <= members;
            default: return layout.isEmpty();
        }
    }
}
