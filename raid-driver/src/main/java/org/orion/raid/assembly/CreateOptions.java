package org.orion.raid.assembly;

import java.util.Objects;

/**
 * What {@code orion --create} asks for, after option parsing.
 *
 * @param name         array name ({@code --name} or the array argument)
 * @param homehost     this host's name, stored as {@code homehost:name}
 * @param level        md level
 * @param layoutName   mdadm layout name, or null for mdadm's default
 * @param chunkKiB     chunk in KiB, 0 for mdadm's default (512)
 * @param raidDevices  {@code --raid-devices}
 * @param spareDevices {@code --spare-devices}
 * @param sizeKiB      {@code --size} per member in KiB, 0 = as large as the smallest member allows
 * @param assumeClean  {@code --assume-clean}: skip the initial resync
 * @param force        {@code --force}: accept members that hold a superblock or a file system
 */
public record CreateOptions(String name, String homehost, int level, String layoutName, int chunkKiB, int raidDevices,
                            int spareDevices, long sizeKiB, boolean assumeClean, boolean force) {
    public CreateOptions {
        Objects.requireNonNull(name, "name");
    }
}
