package org.orion.harness.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated {@code [[arrays]]} entry: an array the RAID driver should run.
 *
 * @param name        array name ({@code md0})
 * @param level       RAID level, one of {@code [raid] raid_level_support}
 * @param members     device names {@code controller/disk}, in role order
 * @param spares      device names of hot spares dedicated to this array
 * @param chunkBytes  chunk size, a power of two
 * @param layout      md layout name ("left-symmetric", "n2"), or "" for levels without layouts
 * @param legs        for RAID50/60 the number of RAID5/6 arrays striped together; 1 otherwise
 * @param create      what to do when the members carry no superblock yet
 * @param spareGroup  the {@code [[spare_groups]]} entry the array shares spares with (mdadm's spare-group);
 *                    empty for none
 */
public record ArraySpec(String name, int level, List<String> members, List<String> spares, long chunkBytes,
                        String layout, int legs, CreatePolicy create, Optional<String> spareGroup) {
    /** When the kernel may write new superblocks. */
    public enum CreatePolicy {
        /** Only assemble an existing array; never write a new superblock. */
        NEVER("never"),
        /** Create the array if none of its members carries a superblock yet, otherwise assemble it. */
        ON_FIRST_START("on-first-start");

        private final String configName;

        CreatePolicy(String configName) {
            this.configName = configName;
        }

        /** The spelling used in orion.toml. */
        public String configName() {
            return configName;
        }
    }

    public ArraySpec {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        spares = List.copyOf(spares);
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(create, "create");
        Objects.requireNonNull(spareGroup, "spareGroup");
    }
}
