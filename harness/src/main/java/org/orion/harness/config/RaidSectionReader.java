package org.orion.harness.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and validates {@code [raid]}; every key has a default, so an absent section is valid. */
final class RaidSectionReader {
    static final String[] KEYS = {"array_max_devices", "array_max_size", "array_chunk_size",
        "array_stripe_cache_size", "raid_level_support", "raid_level_default", "raid_level_auto_select",
        "read_ahead_size", "write_back_cache", "write_back_cache_size", "io_scheduler", "rebuild_priority",
        "scrub_interval", "parity_check_interval", "hot_spare_auto_allocate"};

    private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration MAX_INTERVAL = Duration.ofDays(365);

    private RaidSectionReader() {
    }

    static RaidSettings read(TomlSection raid) {
        raid.rejectUnknownKeys();
        int maxDevices = (int) raid.integer("array_max_devices", RaidSettings.DEFAULT_MAX_DEVICES, 2,
                RaidSettings.MD_MAX_DEVICES);
        long maxSize = raid.size("array_max_size", RaidSettings.DEFAULT_MAX_SIZE, ByteSizes.MIB, 1L << 60);
        long chunk = chunkSize(raid, "array_chunk_size", RaidSettings.DEFAULT_CHUNK);
        int stripeCache = (int) raid.integer("array_stripe_cache_size", RaidSettings.DEFAULT_STRIPE_CACHE_ENTRIES,
                17, 32768);
        List<Integer> levels = levels(raid);
        int defaultLevel = levels.contains(RaidSettings.DEFAULT_LEVEL) ? RaidSettings.DEFAULT_LEVEL : levels.get(0);
        int levelDefault = (int) raid.integer("raid_level_default", defaultLevel, 0, 60);
        if (!levels.contains(levelDefault)) {
            throw raid.problem("raid_level_default", "is not in raid_level_support", joined(levels));
        }
        boolean autoSelect = raid.bool("raid_level_auto_select", false);
        long readAhead = raid.size("read_ahead_size", RaidSettings.DEFAULT_READ_AHEAD, 0, ByteSizes.GIB);
        if (readAhead % (4 * ByteSizes.KIB) != 0) {
            throw raid.problem("read_ahead_size", "is not a multiple of 4KiB", "0 (off) or a multiple of 4KiB up to 1GiB");
        }
        boolean writeBack = raid.bool("write_back_cache", false);
        long writeBackSize = raid.size("write_back_cache_size", RaidSettings.DEFAULT_WRITE_BACK_CACHE_SIZE,
                ByteSizes.MIB, 64 * ByteSizes.GIB);
        IoScheduler scheduler = raid.choice("io_scheduler", byConfigName(IoScheduler.values()), "none");
        RebuildPriority priority = raid.choice("rebuild_priority", byConfigName(RebuildPriority.values()), "medium");
        Duration scrub = interval(raid, "scrub_interval");
        Duration parityCheck = interval(raid, "parity_check_interval");
        boolean autoSpare = raid.bool("hot_spare_auto_allocate", true);
        return new RaidSettings(maxDevices, maxSize, chunk, stripeCache, levels, levelDefault, autoSelect, readAhead,
                writeBack, writeBackSize, scheduler, priority, scrub, parityCheck, autoSpare);
    }

    /** A chunk size: a power of two from 4KiB to 64MiB. Shared with {@code [[arrays]] chunk}. */
    static long chunkSize(TomlSection section, String key, String defaultText) {
        long bytes = section.size(key, defaultText, RaidSettings.MIN_CHUNK_BYTES, RaidSettings.MAX_CHUNK_BYTES);
        if (Long.bitCount(bytes) != 1) {
            throw section.problem(key, "is not a power of two", "4KiB..64MiB, a power of two");
        }
        return bytes;
    }

    private static List<Integer> levels(TomlSection raid) {
        String allowed = "a non-empty list of distinct levels among " + joined(RaidLevels.ALL);
        if (!raid.has("raid_level_support")) {
            return RaidLevels.ALL;
        }
        List<Integer> levels = new ArrayList<>();
        for (long level : raid.integerList("raid_level_support", allowed)) {
            if (!RaidLevels.isKnown((int) level) || level != (int) level) {
                throw raid.problem("raid_level_support", "names unknown RAID level " + level, allowed);
            }
            if (levels.contains((int) level)) {
                throw raid.problem("raid_level_support", "lists level " + level + " twice", allowed);
            }
            levels.add((int) level);
        }
        if (levels.isEmpty()) {
            throw raid.problem("raid_level_support", "is empty", allowed);
        }
        return levels;
    }

    private static Duration interval(TomlSection raid, String key) {
        String allowed = Intervals.SYNTAX + "; at least 1m, at most 365d";
        if (!raid.has(key)) {
            return Duration.ZERO;
        }
        Object raw = raid.table().get(List.of(key));
        if (raw instanceof Long && (Long) raw == 0) {
            return Duration.ZERO;
        }
        if (!(raw instanceof String)) {
            throw raid.problem(key, "is not an interval", allowed);
        }
        String text = (String) raw;
        Duration interval;
        try {
            interval = Intervals.parse(text);
        } catch (IllegalArgumentException e) {
            throw raid.problem(key, e.getMessage(), allowed);
        }
        if (!interval.isZero() && (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0)) {
            throw raid.problem(key, "is out of range", allowed);
        }
        return interval;
    }

    static <E extends Enum<E>> Map<String, E> byConfigName(E[] values) {
        Map<String, E> out = new LinkedHashMap<>();
        for (E value : values) {
            out.put(value.name().toLowerCase(java.util.Locale.ROOT), value);
        }
        return out;
    }

    static String joined(List<Integer> levels) {
        return levels.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
