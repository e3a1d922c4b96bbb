package org.orion.driver.api.block;

import java.util.Objects;

/**
 * The geometry and capabilities of a block device. Offsets and lengths of every request must be
 * multiples of {@code logicalBlockBytes}; {@code physicalBlockBytes} is the size below which writes
 * cost a read-modify-write (or may tear at power loss).
 *
 * @param name               stable human-readable name (a file path, {@code sata0/disk2}, {@code md0})
 * @param logicalBlockBytes  addressing unit, a power of two, at least 512
 * @param physicalBlockBytes atomic write unit, a power-of-two multiple of the logical block
 * @param capacityBytes      size, a multiple of the logical block
 * @param maxTransferBytes   largest READ/WRITE length accepted in one request
 * @param volatileCache      true if completed writes may sit in a cache lost at power loss until a
 *                           FLUSH (or FUA) makes them durable
 * @param supportsDiscard    DISCARD does something (otherwise it completes OK and changes nothing)
 * @param supportsWriteZeroes WRITE_ZEROES is native (otherwise it is still accepted and emulated)
 */
public record BlockDeviceInfo(String name, int logicalBlockBytes, int physicalBlockBytes, long capacityBytes,
                              int maxTransferBytes, boolean volatileCache, boolean supportsDiscard,
                              boolean supportsWriteZeroes) {
    public BlockDeviceInfo {
        Objects.requireNonNull(name, "name");
        if (logicalBlockBytes < 512 || Integer.bitCount(logicalBlockBytes) != 1) {
            throw new IllegalArgumentException(name + ": logical block size " + logicalBlockBytes
                    + " is not a power of two of at least 512 bytes");
        }
        if (physicalBlockBytes < logicalBlockBytes || Integer.bitCount(physicalBlockBytes) != 1) {
            throw new IllegalArgumentException(name + ": physical block size " + physicalBlockBytes
                    + " must be a power of two and at least the logical block size " + logicalBlockBytes);
        }
        if (capacityBytes < 0 || capacityBytes % logicalBlockBytes != 0) {
            throw new IllegalArgumentException(name + ": capacity " + capacityBytes
                    + " bytes is not a non-negative multiple of the logical block size " + logicalBlockBytes);
        }
        if (maxTransferBytes < logicalBlockBytes) {
            throw new IllegalArgumentException(name + ": max transfer " + maxTransferBytes + " is below one block");
        }
    }

    /** Capacity in 512-byte sectors, md's unit. */
    public long capacitySectors() {
        return capacityBytes >>> 9;
    }

    public BlockDeviceInfo withName(String newName) {
        return new BlockDeviceInfo(newName, logicalBlockBytes, physicalBlockBytes, capacityBytes, maxTransferBytes,
                volatileCache, supportsDiscard, supportsWriteZeroes);
    }

    public BlockDeviceInfo withCapacityBytes(long newCapacityBytes) {
        return new BlockDeviceInfo(name, logicalBlockBytes, physicalBlockBytes, newCapacityBytes, maxTransferBytes,
                volatileCache, supportsDiscard, supportsWriteZeroes);
    }
}
