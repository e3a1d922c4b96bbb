package org.orion.hw.linux;

/**
 * What a {@link BurnInTest} does.
 *
 * @param startBytes   first byte of the range (a multiple of the logical block)
 * @param lengthBytes  bytes to test from {@code startBytes}; -1 for "to the end of the device"
 * @param chunkBytes   size of each request (clamped to the device's max transfer)
 * @param queueDepth   requests kept in flight
 * @param destructive  write a pattern and read it back; false reads only (the data is untouched)
 * @param seed         pattern seed (printed in results, so a failure can be reproduced)
 */
public record BurnInOptions(long startBytes, long lengthBytes, int chunkBytes, int queueDepth, boolean destructive,
                            long seed) {
    public BurnInOptions {
        if (startBytes < 0) {
            throw new IllegalArgumentException("start " + startBytes + " is negative");
        }
        if (chunkBytes < 512 || queueDepth < 1 || queueDepth > 256) {
            throw new IllegalArgumentException("chunk " + chunkBytes + " bytes / queue depth " + queueDepth
                    + " out of range (at least 512 bytes, depth 1..256)");
        }
    }

    /** Read-only over the whole device, 1 MiB requests, 8 in flight. */
    public static BurnInOptions readOnly() {
        return new BurnInOptions(0, -1, 1 << 20, 8, false, 0);
    }

    /** Pattern write and verify over the whole device. Still refused on devices that hold data (see BurnInTest). */
    public static BurnInOptions destructive(long seed) {
        return new BurnInOptions(0, -1, 1 << 20, 8, true, seed);
    }

    public BurnInOptions withRange(long newStartBytes, long newLengthBytes) {
        return new BurnInOptions(newStartBytes, newLengthBytes, chunkBytes, queueDepth, destructive, seed);
    }

    public BurnInOptions withChunkBytes(int value) {
        return new BurnInOptions(startBytes, lengthBytes, value, queueDepth, destructive, seed);
    }
}
