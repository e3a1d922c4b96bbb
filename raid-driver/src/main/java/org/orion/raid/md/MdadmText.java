package org.orion.raid.md;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The small text conventions mdadm 4.2 uses when it prints metadata (util.c, maps.c, lib.c),
 * reproduced exactly so Orion's output can be compared line for line with mdadm's.
 */
final class MdadmText {
    private MdadmText() {
    }

    /**
     * mdadm's {@code human_size}: empty below 5000 KiB, else {@code " (x.yy MiB x.yy MB)"},
     * switching to GiB/GB from 2 GiB and TiB/TB from 2 TiB, rounded half up in hundredths.
     */
    static String humanSize(long bytes) {
        if (bytes < 5000L * 1024) {
            return "";
        }
        long binary;
        long decimal;
        String binaryUnit;
        String decimalUnit;
        if (bytes < 2L << 30) {
            binary = (bytes * 200 / (1L << 20) + 1) / 2;
            decimal = (bytes / (1_000_000L / 200) + 1) / 2;
            binaryUnit = "MiB";
            decimalUnit = "MB";
        } else if (bytes < 2L << 40) {
            binary = (bytes * 200 / (1L << 30) + 1) / 2;
            decimal = (bytes / (1_000_000_000L / 200) + 1) / 2;
            binaryUnit = "GiB";
            decimalUnit = "GB";
        } else {
            binary = (bytes * 200 / (1L << 40) + 1) / 2;
            decimal = (bytes / (1_000_000_000_000L / 200) + 1) / 2;
            binaryUnit = "TiB";
            decimalUnit = "TB";
        }
        return String.format(" (%d.%02d %s %d.%02d %s)", binary / 100, binary % 100, binaryUnit, decimal / 100,
                decimal % 100, decimalUnit);
    }

    /** {@code ctime(3)} without its newline: {@code "Tue Nov 24 00:41:18 2026"} (day padded with a space). */
    static String ctime(long epochSeconds, ZoneId zone) {
        ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), zone);
        return String.format(Locale.ROOT, "%s %s%3d %02d:%02d:%02d %d",
                time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US),
                time.getMonth().getDisplayName(TextStyle.SHORT, Locale.US),
                time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond(), time.getYear());
    }

    /** mdadm's level names ({@code pers} map): raid0..raid10, linear, multipath, faulty, container; else null. */
    static String levelName(int level) {
        switch (level) {
            case -1:
                return "linear";
            case 0: case 1: case 4: case 5: case 6: case 10:
                return "raid" + level;
            case -4:
                return "multipath";
            case -5:
                return "faulty";
            case -100:
                return "container";
            default:
                return null;
        }
    }

    /** The first name mdadm's {@code r5layout} (RAID5) or {@code r6layout} (RAID6) map gives a number; else null. */
    static String parityLayoutName(int level, int layout) {
        switch (layout) {
            case 0:
                return "left-asymmetric";
            case 1:
                return "right-asymmetric";
            case 2:
                return "left-symmetric";
            case 3:
                return "right-symmetric";
            case 4:
                return "parity-first";
            case 5:
                return "parity-last";
            default:
                return level == 6 ? raid6OnlyLayoutName(layout) : null;
        }
    }

    private static String raid6OnlyLayoutName(int layout) {
        switch (layout) {
            case 8:
                return "ddf-zero-restart";
            case 9:
                return "ddf-N-restart";
            case 10:
                return "ddf-N-continue";
            case 16:
                return "left-asymmetric-6";
            case 17:
                return "right-asymmetric-6";
            case 18:
                return "left-symmetric-6";
            case 19:
                return "right-symmetric-6";
            case 20:
                return "parity-first-6";
            default:
                return null;
        }
    }

    /** mdadm's {@code r0layout} names. */
    static String raid0LayoutName(int layout) {
        switch (layout) {
            case 0:
                return "dangerous";
            case 1:
                return "original";
            case 2:
                return "alternate";
            default:
                return null;
        }
    }

    /** mdadm's {@code print_r10_layout}, which begins with a space: {@code " near=2"}, {@code " near=2, far=2"}. */
    static String raid10Layout(int layout) {
        int near = layout & 255;
        int far = (layout >> 8) & 255;
        boolean offset = (layout & 0x10000) != 0;
        StringBuilder text = new StringBuilder();
        String separator = "";
        if (near != 1) {
            text.append(separator).append(" near=").append(near);
            separator = ",";
        }
        if (far != 1) {
            text.append(separator).append(' ').append(offset ? "offset" : "far").append('=').append(far);
        }
        if (near * far == 1) {
            text.append("NO REDUNDANCY");
        }
        return text.toString();
    }

    /** mdadm's {@code print_escape} for device names: space and tab become '_', '/' becomes '-'. */
    static String escape(String text) {
        return text.replace(' ', '_').replace('\t', '_').replace('/', '-');
    }

    /**
     * mdadm's {@code print_quoted}: unchanged unless it holds a space, tab or quote; then wrapped in
     * the quote it does not start with, switching quotes around any embedded quote of that kind.
     */
    static String quoted(String text) {
        char firstQuote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                firstQuote = c;
                break;
            }
            if (c == ' ' || c == '\t') {
                firstQuote = c;
            }
        }
        if (firstQuote == 0) {
            return text;
        }
        char quote = firstQuote == '"' ? '\'' : '"';
        StringBuilder out = new StringBuilder().append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote) {
                out.append(quote);
                quote = quote == '"' ? '\'' : '"';
                out.append(quote);
            }
            out.append(c);
        }
        return out.append(quote).toString();
    }
}
