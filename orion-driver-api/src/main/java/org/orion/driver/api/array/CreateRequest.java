package org.orion.driver.api.array;

import java.util.Objects;

/**
 * An {@code mdadm --create} as the command line parsed it.
 *
 * @param name         array name
 * @param homehost     this host's name (stored as {@code homehost:name}), or null
 * @param level        md level: 0, 1, 4, 5, 6, 10
 * @param layout       mdadm layout name, or null for mdadm's default
 * @param chunkBytes   chunk size, or 0 for mdadm's default (512 KiB)
 * @param raidDevices  {@code --raid-devices}
 * @param spareDevices {@code --spare-devices}
 * @param sizeBytes    {@code --size} per member, or 0 for the largest every member allows
 * @param assumeClean  {@code --assume-clean}: no initial resync
 * @param force        {@code --force}: accept members that already hold a superblock
 */
public record CreateRequest(String name, String homehost, int level, String layout, int chunkBytes, int raidDevices,
                            int spareDevices, long sizeBytes, boolean assumeClean, boolean force) {
    public CreateRequest {
        Objects.requireNonNull(name, "name");
    }
}
