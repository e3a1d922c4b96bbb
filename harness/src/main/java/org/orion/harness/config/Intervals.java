package org.orion.harness.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the interval syntax of {@code scrub_interval} and {@code parity_check_interval}: one or
 * more groups of a whole number and a unit, {@code s} (seconds), {@code m} (minutes), {@code h}
 * (hours), {@code d} (days) or {@code w} (weeks), largest first or in any order: "7d", "24h",
 * "1d12h", "90m". "0" (or the integer 0) means off and yields {@link Duration#ZERO}.
 */
public final class Intervals {
    /** The syntax, for error messages. */
    public static final String SYNTAX = "\"0\" (off) or a number with a unit s, m, h, d or w, e.g. \"7d\", \"24h\", \"1d12h\"";

    private static final Pattern GROUP = Pattern.compile("([0-9]{1,9})([smhdw])");

    private Intervals() {
    }

    /**
     * @throws IllegalArgumentException whose message completes "the value ..." ("is not an interval")
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("is negative");
        }
        Matcher m = GROUP.matcher(trimmed);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            total = total.plus(unit(m.group(2)).multipliedBy(Long.parseLong(m.group(1))));
            end = m.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException("is not an interval");
        }
        return total;
    }

    /** The compact form in config syntax, largest units first: 36 hours -> "1d12h", zero -> "0". */
    public static String format(Duration interval) {
        if (interval.isZero()) {
            return "0";
        }
        long seconds = interval.getSeconds();
        StringBuilder out = new StringBuilder();
        long[] sizes = {7 * 86400L, 86400L, 3600L, 60L, 1L};
        String[] names = {"w", "d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds >= sizes[i]) {
                out.append(seconds / sizes[i]).append(names[i]);
                seconds %= sizes[i];
            }
        }
        return out.toString();
    }

    private static Duration unit(String name) {
        switch (name) {
            case "s": return Duration.ofSeconds(1);
            case "m": return Duration.ofMinutes(1);
            case "h": return Duration.ofHours(1);
            case "d": return Duration.ofDays(1);
            default: return Duration.ofDays(7);
        }
    }
}
