package org.orion.harness.cli;

import java.util.Locale;
import java.util.Map;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.harness.config.ByteSizes;

/**
 * How mdadm reads the values of its options, so that a command line that works with mdadm means
 * the same to Orion: level names ({@code raid5}, {@code 5}, {@code mirror}, {@code stripe}), sizes
 * whose bare numbers are KiB ({@code --chunk=64} is 64 KiB, {@code --size=1G} one GiB), array
 * names given as {@code /dev/md0} or {@code /dev/md/name}, and the metadata versions Orion writes.
 */
final class MdadmValues {
    /** Level words mdadm accepts, to md's level number. */
    private static final Map<String, Integer> LEVELS = Map.ofEntries(
            Map.entry("0", 0), Map.entry("raid0", 0), Map.entry("stripe", 0),
            Map.entry("1", 1), Map.entry("raid1", 1), Map.entry("mirror", 1),
            Map.entry("4", 4), Map.entry("raid4", 4),
            Map.entry("5", 5), Map.entry("raid5", 5),
            Map.entry("6", 6), Map.entry("raid6", 6),
            Map.entry("10", 10), Map.entry("raid10", 10));
    /** Levels mdadm knows that Orion does not build. */
    private static final java.util.Set<String> OTHER_MDADM_LEVELS =
            java.util.Set.of("linear", "-1", "multipath", "mp", "-4", "faulty", "-5", "container");

    private MdadmValues() {
    }

    /** {@code --level}: md's number for a level word. */
    static int level(String value, String usage) {
        String word = value.trim().toLowerCase(Locale.ROOT);
        Integer level = LEVELS.get(word);
        if (level != null) {
            return level;
        }
        if (OTHER_MDADM_LEVELS.contains(word)) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "level " + value + " is not supported by Orion:"
                    + " use raid0, raid1, raid4, raid5, raid6 or raid10");
        }
        throw new UsageException("invalid raid level: " + value + " (use raid0, raid1, raid4, raid5, raid6 or raid10)",
                usage);
    }

    /** A device count ({@code --raid-devices}, {@code --spare-devices}). */
    static int count(String option, String value, int least, String usage) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + value + "'", usage);
        }
        if (n < least || n > 1920) {
            throw new UsageException(option + "=" + value + " is out of range (" + least + "..1920)", usage);
        }
        return n;
    }

    /**
     * A size in mdadm's convention: a bare number is KiB, a unit (K, M, G, T, also KiB/KB) is
     * binary. Returns bytes, at least 1 KiB and a whole number of KiB.
     */
    static long kibSize(String option, String value, String usage) {
        String text = value.trim();
        long bytes;
        try {
            bytes = text.matches("[0-9]+") ? Math.multiplyExact(Long.parseLong(text), 1024L) : ByteSizes.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new UsageException(option + " '" + value + "' is not a size (a number of KiB, or with a unit K, M,"
                    + " G or T, e.g. 512K or 1G)", usage);
        }
        if (bytes < 1024 || bytes % 1024 != 0) {
            throw new UsageException(option + " '" + value + "' must be a whole number of KiB, at least 1K", usage);
        }
        return bytes;
    }

    /** {@code --metadata}: Orion writes 1.2 only ("1.2", "1", "default"). */
    static void checkMetadata(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("1.2") && !v.equals("1") && !v.equals("default") && !v.equals("1.02")) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "metadata " + value + " is not supported: Orion writes md"
                    + " metadata 1.2 (--metadata=1.2, the default), which Linux md and mdadm read");
        }
    }

    /**
     * The array name from what an mdadm user writes: {@code /dev/md0} and {@code md0} give
     * {@code md0}, {@code /dev/md/data} gives {@code data}.
     */
    static String arrayName(String value, String usage) {
        String name = value;
        if (name.startsWith("/dev/md/")) {
            name = name.substring("/dev/md/".length());
        } else if (name.startsWith("/dev/")) {
            name = name.substring("/dev/".length());
        }
        if (name.isEmpty() || name.contains("/") || name.length() > 32 || name.equals("missing")) {
            throw new UsageException("'" + value + "' is not an array name: use a short name such as md0 or data"
                    + " (at most 32 characters, no '/')", usage);
        }
        return name;
    }
}
