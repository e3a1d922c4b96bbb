package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Whole-number and RAID-level-list options shared by the modes that take them, with usage errors. */
final class CliNumbers {
    private CliNumbers() {
    }

    /** {@code text} as a whole number in {@code min..max}, or a usage error naming {@code option}. */
    static long whole(String option, String text, long min, long max, String usage) {
        try {
            long value = Long.parseLong(text.trim());
            if (value < min || value > max) {
                throw new UsageException(option + " " + text + " is out of range (" + min + ".." + max + ")", usage);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + text + "'", usage);
        }
    }

    /**
     * A comma-separated list of RAID levels ({@code 5} or {@code raid5}), each one of {@code allowed},
     * without repeats, in the order given.
     */
    static List<Integer> levels(String text, List<Integer> allowed, String usage) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim().toLowerCase(Locale.ROOT).replace("raid", "");
            int level;
            try {
                level = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                level = -1;
            }
            if (!allowed.contains(level)) {
                throw new UsageException("--levels: '" + part + "' is not one of " + join(allowed), usage);
            }
            if (!out.contains(level)) {
                out.add(level);
            }
        }
        return out;
    }

    private static String join(List<Integer> levels) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < levels.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(levels.get(i));
        }
        return b.toString();
    }
}
