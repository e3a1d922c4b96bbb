package org.orion.harness.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and prints byte sizes. Orion follows mdadm: every unit is binary, so {@code K}, {@code KB}
 * and {@code KiB} all mean 1024 bytes, {@code M}/{@code MB}/{@code MiB} mean 1024², and so on up to
 * {@code E}. A chunk size of "512KB" is therefore 524288 bytes, exactly what {@code mdadm --chunk=512K}
 * makes. Decimal (1000-based) units are deliberately not offered: a storage tool that accepts both
 * sooner or later gets a chunk size that is not a power of two. Fractions are refused rather than
 * rounded.
 */
public final class ByteSizes {
    public static final long KIB = 1024L;
    public static final long MIB = KIB * 1024;
    public static final long GIB = MIB * 1024;
    public static final long TIB = GIB * 1024;

    /** The syntax, for error messages. */
    public static final String SYNTAX = "a whole number of bytes or a number with a binary unit K, M, G, T, P or E "
            + "(KB and KiB also mean 1024 bytes), e.g. \"512KB\", \"4KiB\", \"256MB\", \"16TB\"";

    private static final Pattern SIZE = Pattern.compile(
            "([0-9]+)\\s*(?:([KMGTPE])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTPE";

    private ByteSizes() {
    }

    /**
     * Parses "16TB", "256MB", "512KB", "4KiB", "1MiB", "64k", "512B" or "4096".
     *
     * @throws IllegalArgumentException whose message completes the sentence "the value ..." (for
     *                                  example "is negative"), for the caller to prefix with where it came from
     */
    public static long parse(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("is negative");
        }
        if (trimmed.matches("[0-9]*[.,][0-9]+.*")) {
            throw new IllegalArgumentException("is not a whole number (use a smaller unit, e.g. \"1536MB\" for 1.5GB)");
        }
        Matcher m = SIZE.matcher(trimmed);
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a size");
        }
        long shift = m.group(2) == null ? 0 : 10L * (UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1);
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooManyDigits) {
            throw new IllegalArgumentException("is too large");
        }
        if (shift > 0 && number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("is too large");
        }
        return number << shift;
    }

    /**
     * The largest binary unit that keeps at most one decimal: 268435456 -> "256 MiB",
     * 1610612736 -> "1.5 GiB", 1000 -> "1000 B". Exact when there is no decimal point.
     */
    public static String human(long bytes) {
        if (bytes < KIB) {
            return bytes + " B";
        }
        String[] names = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        double value = bytes / 1024.0;
        while (unit < names.length - 1 && value >= 1024) {
            value /= 1024;
            unit++;
        }
        long unitBytes = 1L << (10 * (unit + 1));
        if (bytes % unitBytes == 0) {
            return (bytes / unitBytes) + " " + names[unit];
        }
        return String.format(Locale.ROOT, "%.1f %s", value, names[unit]);
    }

    /** The shortest exact form in config syntax: 524288 -> "512KiB", 1000 -> "1000". */
    public static String exact(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        String[] names = {"", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = 0;
        long value = bytes;
        while (unit < names.length - 1 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + names[unit];
    }
}
