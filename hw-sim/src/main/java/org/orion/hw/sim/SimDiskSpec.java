package org.orion.hw.sim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one simulated disk looks like. Validated when built, so a bad value fails at configuration
 * time with a message that names the disk and says what to change.
 *
 * @param name               the disk's name on its controller ({@code "disk0"}); no {@code '/'}
 * @param capacityBytes      size, positive and a multiple of {@code logicalBlockBytes}
 * @param logicalBlockBytes  addressing unit: a power of two from 512 to {@value #MAX_BLOCK_BYTES}
 * @param physicalBlockBytes atomic write unit (tearing granularity): a power of two, at least the
 *                           logical block, at most {@value #MAX_BLOCK_BYTES}
 * @param backingFile        a sparse file holding the content (kept across runs), or {@code null}
 *                           for content on the Java heap (lost when the disk is closed)
 * @param volatileCache      true if completed writes sit in a cache that a power loss drops until
 *                           a FLUSH, or the write's FUA flag, makes them durable
 */
public record SimDiskSpec(String name, long capacityBytes, int logicalBlockBytes, int physicalBlockBytes,
                          Path backingFile, boolean volatileCache) {
    /** Largest block size accepted; real disks use 512 or 4096. */
    public static final int MAX_BLOCK_BYTES = 64 * 1024;

    public SimDiskSpec {
        Objects.requireNonNull(name, "simulated disk name");
        if (name.isBlank() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("simulated disk name '" + name
                    + "' is empty or contains '/': use a simple name such as disk0");
        }
        if (logicalBlockBytes < 512 || logicalBlockBytes > MAX_BLOCK_BYTES || Integer.bitCount(logicalBlockBytes) != 1) {
            throw new IllegalArgumentException("simulated disk " + name + ": logical block size " + logicalBlockBytes
                    + " bytes must be a power of two from 512 to " + MAX_BLOCK_BYTES + " (use 512 or 4096)");
        }
        if (physicalBlockBytes < logicalBlockBytes || physicalBlockBytes > MAX_BLOCK_BYTES
                || Integer.bitCount(physicalBlockBytes) != 1) {
            throw new IllegalArgumentException("simulated disk " + name + ": physical block size " + physicalBlockBytes
                    + " bytes must be a power of two from the logical block size " + logicalBlockBytes + " to "
                    + MAX_BLOCK_BYTES);
        }
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("simulated disk " + name + ": capacity " + capacityBytes
                    + " bytes must be positive");
        }
        if (capacityBytes % logicalBlockBytes != 0) {
            throw new IllegalArgumentException("simulated disk " + name + ": capacity " + capacityBytes
                    + " bytes is not a multiple of the logical block size " + logicalBlockBytes + ": use "
                    + (capacityBytes / logicalBlockBytes * logicalBlockBytes) + " or "
                    + ((capacityBytes / logicalBlockBytes + 1) * logicalBlockBytes));
        }
    }

    /** A heap disk with 512-byte logical and 4096-byte physical blocks (a 512e disk) and no volatile cache. */
    public static SimDiskSpec heap(String name, long capacityBytes) {
        return new SimDiskSpec(name, capacityBytes, 512, 4096, null, false);
    }

    /** A sparse-file disk with 512-byte logical and 4096-byte physical blocks and no volatile cache. */
    public static SimDiskSpec file(String name, long capacityBytes, Path backingFile) {
        return new SimDiskSpec(name, capacityBytes, 512, 4096, Objects.requireNonNull(backingFile, "backingFile"), false);
    }

    /** The same disk with the volatile write cache switched on or off. */
    public SimDiskSpec withVolatileCache(boolean enabled) {
        return new SimDiskSpec(name, capacityBytes, logicalBlockBytes, physicalBlockBytes, backingFile, enabled);
    }

    /** True if the content lives on the Java heap. */
    public boolean isHeap() {
        return backingFile == null;
    }
}
