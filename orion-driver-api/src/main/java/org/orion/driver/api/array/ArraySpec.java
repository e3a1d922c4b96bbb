package org.orion.driver.api.array;

import java.util.Objects;

/**
 * What array to build.
 *
 * @param name             array name ({@code md0}, {@code data})
 * @param level            md level number: 0, 1, 4, 5, 6 or 10
 * @param layout           mdadm layout name ({@code left-symmetric}, {@code n2}, ...), or null for mdadm's default
 * @param chunkBytes       chunk size in bytes (ignored by RAID1), a power of two of at least 4 KiB
 * @param raidDevices      number of member slots
 * @param memberDataBytes  bytes of each member the array uses, or 0 for as much as the smallest member allows
 */
public record ArraySpec(String name, int level, String layout, int chunkBytes, int raidDevices, long memberDataBytes) {
    /** mdadm's default chunk: 512 KiB. */
    public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

    public ArraySpec {
        Objects.requireNonNull(name, "name");
        if (memberDataBytes < 0) {
            throw new IllegalArgumentException("negative member size for array " + name);
        }
    }
}
