package org.orion.raid.md;

import java.util.List;
import java.util.Objects;

/**
 * What an {@code mdadm --create}-style command asks for, after option parsing: the inputs of
 * {@link MdCreateRules#plan}. Sizes use mdadm's units (KiB for chunk and size, sectors for the
 * data offset) so command-line values pass straight through.
 *
 * @param name              array name ({@code --name}); stored as {@code homehost:name} when it fits
 * @param homehost          this host's name ({@code --homehost}), or null for none
 * @param level             md level: 0, 1, 4, 5, 6 or 10
 * @param layout            md layout number (the caller applies mdadm's defaults)
 * @param chunkKiB          chunk in KiB; 0 = mdadm's default (512) for striped levels; must be 0 for RAID1
 * @param raidDevices       number of slots ({@code --raid-devices}); later devices become spares
 * @param devices           member devices in command-line order, {@link Device#missing()} for empty slots
 * @param assumeClean       {@code --assume-clean}: no initial resync
 * @param force             {@code --force}: for RAID4/5, resync parity instead of rebuilding the last member
 * @param sizeKiB           per-member size to use ({@code --size}); 0 = the largest that fits every member
 * @param dataOffsetSectors {@code --data-offset} in sectors; negative = mdadm's default for the first member
 * @param badBlockLog       reserve a bad-block log (mdadm does unless its config says {@code bbl=no})
 * @param ctimeSeconds      creation time, seconds since the epoch (injected: callers pass the clock's time)
 */
public record MdCreateRequest(String name, String homehost, int level, int layout, int chunkKiB, int raidDevices,
                              List<Device> devices, boolean assumeClean, boolean force, long sizeKiB,
                              long dataOffsetSectors, boolean badBlockLog, long ctimeSeconds) {
    /**
     * One device named on the command line.
     *
     * @param name    how the user named it (used in messages)
     * @param sectors its capacity in 512-byte sectors; -1 for {@code missing}
     */
    public record Device(String name, long sectors) {
        public Device {
            Objects.requireNonNull(name, "name");
        }

        /** mdadm's {@code missing}: an empty slot. */
        public static Device missing() {
            return new Device("missing", -1);
        }

        public boolean isMissing() {
            return sectors < 0;
        }
    }

    public MdCreateRequest {
        Objects.requireNonNull(name, "name");
        devices = List.copyOf(devices);
    }

    /** The common case: default size, offset and chunk handling, not clean, with a bad-block log. */
    public static MdCreateRequest of(String name, String homehost, int level, int layout, int chunkKiB,
                                     int raidDevices, List<Device> devices, long ctimeSeconds) {
        return new MdCreateRequest(name, homehost, level, layout, chunkKiB, raidDevices, devices, false, false, 0, -1,
                true, ctimeSeconds);
    }

    /** The same request with {@code --assume-clean}. */
    public MdCreateRequest assumingClean() {
        return new MdCreateRequest(name, homehost, level, layout, chunkKiB, raidDevices, devices, true, force, sizeKiB,
                dataOffsetSectors, badBlockLog, ctimeSeconds);
    }
}
