package org.orion.raid;

/**
 * Tuning of one array's data path.
 *
 * @param stripeCacheEntries stripe operations in flight at once (orion.toml {@code array_stripe_cache_size});
 *                           each owns one column buffer per member
 * @param maxClientRequests  client requests accepted at once; beyond it {@code submit} refuses with BUSY
 * @param columnBytes        largest column range one stripe operation covers on RAID4/5/6 (the size of its buffers);
 *                           when a chunk holds several columns, full-stripe writes go out in batches of one
 *                           member write per chunk (StripeWriteBatch), whose chunk-sized P/Q buffers take an 8 MiB
 *                           budget (at least 2 batches; RAID6 at 512 KiB chunks: 8)
 * @param maxTransferBytes   largest READ/WRITE the array accepts in one request
 * @param rebuildPriority    how fast background passes may go while clients are busy and when idle
 */
public record RaidOptions(int stripeCacheEntries, int maxClientRequests, int columnBytes, int maxTransferBytes,
                          RebuildPriority rebuildPriority) {
    public static final RaidOptions DEFAULTS = new RaidOptions(256, 1024, 64 * 1024, 8 << 20, RebuildPriority.MEDIUM);

    public RaidOptions {
        if (stripeCacheEntries < 1 || stripeCacheEntries > 32768) {
            throw new IllegalArgumentException("stripe cache size " + stripeCacheEntries + " is outside 1..32768");
        }
        if (maxClientRequests < 1) {
            throw new IllegalArgumentException("max client requests must be positive");
        }
        if (columnBytes < 4096 || Integer.bitCount(columnBytes) != 1) {
            throw new IllegalArgumentException("column size " + columnBytes + " must be a power of two of at least 4096");
        }
        if (maxTransferBytes < 4096) {
            throw new IllegalArgumentException("max transfer " + maxTransferBytes + " must be at least 4096");
        }
    }

    public RaidOptions withStripeCacheEntries(int entries) {
        return new RaidOptions(entries, maxClientRequests, columnBytes, maxTransferBytes, rebuildPriority);
    }

    public RaidOptions withColumnBytes(int bytes) {
        return new RaidOptions(stripeCacheEntries, maxClientRequests, bytes, maxTransferBytes, rebuildPriority);
    }

    public RaidOptions withRebuildPriority(RebuildPriority priority) {
        return new RaidOptions(stripeCacheEntries, maxClientRequests, columnBytes, maxTransferBytes, priority);
    }
}
