package org.orion.harness.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The validated {@code [raid]} section: policy for every array the RAID driver runs. Defaults and
 * the meaning of each key are documented in the repository's {@code orion.toml}.
 *
 * @param arrayMaxDevices         most members (including spares) one array may have
 * @param arrayMaxSizeBytes       largest usable size of one array
 * @param arrayChunkBytes         default chunk size, a power of two
 * @param arrayStripeCacheEntries stripes the parity levels keep in memory per array (md's stripe_cache_size)
 * @param raidLevelSupport        levels arrays may use, in the order written
 * @param raidLevelDefault        level used when a create request names none
 * @param raidLevelAutoSelect     let a create request without a level pick one from the member count
 * @param readAheadBytes          read-ahead of an array, 0 = off
 * @param writeBackCache          acknowledge writes once they are in the array's memory cache
 * @param writeBackCacheBytes     size of that cache
 * @param ioScheduler             how requests are ordered to each member
 * @param rebuildPriority         how hard rebuilds push against foreground I/O
 * @param scrubInterval           how often to read everything and rewrite unreadable blocks, zero = off
 * @param parityCheckInterval     how often to verify parity/mirrors without changing them, zero = off
 * @param hotSpareAutoAllocate    rebuild onto a spare as soon as a member fails
 */
public record RaidSettings(int arrayMaxDevices, long arrayMaxSizeBytes, long arrayChunkBytes,
                           int arrayStripeCacheEntries, List<Integer> raidLevelSupport, int raidLevelDefault,
                           boolean raidLevelAutoSelect, long readAheadBytes, boolean writeBackCache,
                           long writeBackCacheBytes, IoScheduler ioScheduler, RebuildPriority rebuildPriority,
                           Duration scrubInterval, Duration parityCheckInterval, boolean hotSpareAutoAllocate) {
    public static final int DEFAULT_MAX_DEVICES = 32;
    /** md's limit for metadata 1.2 (the superblock's role table fits 1920 entries in 4 KiB). */
    public static final int MD_MAX_DEVICES = 1920;
    public static final String DEFAULT_MAX_SIZE = "16TB";
    public static final String DEFAULT_CHUNK = "512KB";
    public static final long MIN_CHUNK_BYTES = 4 * ByteSizes.KIB;
    public static final long MAX_CHUNK_BYTES = 64 * ByteSizes.MIB;
    public static final int DEFAULT_STRIPE_CACHE_ENTRIES = 256;
    public static final int DEFAULT_LEVEL = 6;
    public static final String DEFAULT_READ_AHEAD = "128KB";
    public static final String DEFAULT_WRITE_BACK_CACHE_SIZE = "64MB";

    public RaidSettings {
        raidLevelSupport = List.copyOf(raidLevelSupport);
        Objects.requireNonNull(ioScheduler, "ioScheduler");
        Objects.requireNonNull(rebuildPriority, "rebuildPriority");
        Objects.requireNonNull(scrubInterval, "scrubInterval");
        Objects.requireNonNull(parityCheckInterval, "parityCheckInterval");
    }

    /** True if arrays may use {@code level}. */
    public boolean supports(int level) {
        return raidLevelSupport.contains(level);
    }
}
