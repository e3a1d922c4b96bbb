package org.orion.raid.md;

import java.util.Objects;

/**
 * The array-wide values every member's superblock of a new array shares, as
 * {@link MdCreateRules#plan} decides them; {@link MdCreateRules#newMember} turns them into one
 * member's superblock.
 *
 * @param setUuid             the array's UUID
 * @param setName             {@code homehost:name} (or the bare name)
 * @param ctime               creation time (also the first update time)
 * @param level               md level
 * @param layout              md layout number
 * @param chunkSectors        chunk in sectors (0 for RAID1)
 * @param raidDisks           number of slots
 * @param sizeSectors         sectors of each member the array uses (0 for RAID0, as mdadm leaves it)
 * @param dataOffsetSectors   where data starts on every member
 * @param resyncOffsetSectors {@link Superblock1#MAX_SECTOR} when no initial resync is needed, else 0
 * @param featureMap          feature bits every member carries (RAID0_LAYOUT or nothing)
 * @param devRoles            the role of every device number
 * @param badBlockLog         whether members reserve a bad-block log
 */
public record NewArray(MdUuid setUuid, String setName, MdTime ctime, int level, int layout, int chunkSectors,
                       int raidDisks, long sizeSectors, long dataOffsetSectors, long resyncOffsetSectors,
                       int featureMap, DevRoles devRoles, boolean badBlockLog) {
    public NewArray {
        Objects.requireNonNull(setUuid, "setUuid");
        Objects.requireNonNull(setName, "setName");
        Objects.requireNonNull(ctime, "ctime");
        Objects.requireNonNull(devRoles, "devRoles");
    }
}
