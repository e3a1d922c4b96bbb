package org.orion.driver.api.hw;

/**
 * What a burn-in of one device should do.
 *
 * @param destructive write a seeded pattern over the range and read it back; false only reads (the data
 *                    is untouched). Providers refuse a destructive run on a device that holds an array
 *                    superblock, a file system, swap or a partition table
 * @param seed        pattern seed (reported back, so a failure can be reproduced)
 * @param startBytes  first byte of the range, a multiple of the logical block size
 * @param lengthBytes bytes to test from {@code startBytes}, a multiple of the logical block size; -1 for
 *                    "to the end of the device"
 */
public record BurnInRequest(boolean destructive, long seed, long startBytes, long lengthBytes) {
    public BurnInRequest {
        if (startBytes < 0) {
            throw new IllegalArgumentException("burn-in start " + startBytes + " is negative");
        }
        if (lengthBytes < -1) {
            throw new IllegalArgumentException("burn-in length " + lengthBytes + " is negative (-1 means to the end)");
        }
    }

    /** Read the whole device. */
    public static BurnInRequest readOnly() {
        return new BurnInRequest(false, 0, 0, -1);
    }
}
