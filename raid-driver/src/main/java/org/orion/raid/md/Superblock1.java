package org.orion.raid.md;

import java.util.Objects;

/**
 * Every field of one member's md 1.x superblock ({@code struct mdp_superblock_1}, md-format.md
 * §1.2), as read from or about to be written to disk. Immutable: assembly and the array manager
 * derive changed copies with the {@code with...} methods (or {@link #toBuilder()}), which leave
 * every other field exactly as it was, so a superblock that is only read re-encodes to the same
 * bytes.
 *
 * <p>Not stored: {@code magic} and {@code major_version} (always 0xa92b4efc and 1), {@code pad0}
 * and {@code pad3} (always zero; a non-zero pad is refused when decoding, as the kernel refuses
 * it). {@code max_dev} is the length of {@link #devRoles()}.
 *
 * <p>Fields that are unions on disk are kept raw: {@link #bitmapOffsetSectors()} holds
 * {@code ppl.offset}/{@code ppl.size} when a PPL feature bit is set (see
 * {@link #pplOffsetSectors()}), and {@link #recoveryOffsetSectors()} is {@code journal_tail} on a
 * journal device.
 *
 * @param featureMap            {@link FeatureMap} bits
 * @param setUuid               the array's UUID, shared by all members
 * @param setName               the array name ({@code homehost:name}), at most 32 bytes; decoded as
 *                              ISO-8859-1 so any byte survives, trailing NULs removed
 * @param ctime                 creation time
 * @param level                 RAID level: -1 linear, -4 multipath, -5 faulty, 0, 1, 4, 5, 6, 10
 * @param layout                RAID4/5/6 algorithm, RAID10 near/far/offset word, RAID0 layout
 * @param sizeSectors           sectors of each member the array uses ("Used Dev Size")
 * @param chunkSectors          chunk size in sectors; 0 for RAID1
 * @param raidDisks             number of slots (during a reshape: the new count)
 * @param bitmapOffsetSectors   signed sectors from the superblock to the bitmap (or the PPL union)
 * @param newLevel              reshape target level (valid with RESHAPE_ACTIVE)
 * @param reshapePositionSectors array sector the reshape has reached
 * @param deltaDisks            signed change of the member count by the reshape
 * @param newLayout             reshape target layout
 * @param newChunkSectors       reshape target chunk size
 * @param newOffsetSectors      signed sectors added to the data offset for the new layout (NEW_OFFSET)
 * @param dataOffsetSectors     where this member's data starts
 * @param dataSizeSectors       sectors usable for data on this member ("Avail Dev Size")
 * @param superOffsetSectors    where this superblock starts (must equal its location)
 * @param recoveryOffsetSectors sectors from the data offset already rebuilt (RECOVERY_OFFSET), or
 *                              {@code journal_tail}
 * @param devNumber             this member's permanent index into {@code dev_roles}
 * @param cntCorrectedRead      read errors corrected on this member
 * @param deviceUuid            this member's UUID
 * @param devFlags              bit 0 write-mostly, bit 1 failfast
 * @param bblogShift            bad-block entries count units of 2^shift sectors
 * @param bblogSizeSectors      sectors reserved for the bad-block log, 0..65535
 * @param bblogOffsetSectors    signed sectors from the superblock to the bad-block log (0 = none)
 * @param utime                 last update
 * @param events                update counter
 * @param resyncOffsetSectors   array sectors known in sync; {@link #MAX_SECTOR} = clean
 * @param checksum              {@code sb_csum} as stored (the codec writes a fresh one)
 * @param devRoles              {@code dev_roles[max_dev]}
 */
public record Superblock1(int featureMap, MdUuid setUuid, String setName, MdTime ctime, int level, int layout,
                          long sizeSectors, int chunkSectors, int raidDisks, int bitmapOffsetSectors, int newLevel,
                          long reshapePositionSectors, int deltaDisks, int newLayout, int newChunkSectors,
                          int newOffsetSectors, long dataOffsetSectors, long dataSizeSectors,
                          long superOffsetSectors, long recoveryOffsetSectors, int devNumber, int cntCorrectedRead,
                          MdUuid deviceUuid, int devFlags, int bblogShift, int bblogSizeSectors,
                          int bblogOffsetSectors, MdTime utime, long events, long resyncOffsetSectors, int checksum,
                          DevRoles devRoles) {
    /** {@code resync_offset} of a clean array and "no position" in general: all ones. */
    public static final long MAX_SECTOR = -1L;
    /** {@code devflags} bit: prefer other members for reads. */
    public static final int WRITE_MOSTLY = 1;
    /** {@code devflags} bit: fail the member fast on I/O errors instead of retrying. */
    public static final int FAILFAST = 2;

    public Superblock1 {
        Objects.requireNonNull(setUuid, "setUuid");
        Objects.requireNonNull(deviceUuid, "deviceUuid");
        Objects.requireNonNull(ctime, "ctime");
        Objects.requireNonNull(utime, "utime");
        Objects.requireNonNull(devRoles, "devRoles");
        setName = stripTrailingNuls(Objects.requireNonNull(setName, "setName"));
        if (setName.length() > SuperblockLayout.SET_NAME_BYTES || !setName.chars().allMatch(c -> c < 256)) {
            throw new IllegalArgumentException("set_name '" + setName + "' must be at most 32 single-byte characters");
        }
        checkUnsigned("devflags", devFlags, 0xff);
        checkUnsigned("bblog_shift", bblogShift, 0xff);
        checkUnsigned("bblog_size", bblogSizeSectors, 0xffff);
    }

    public static SuperblockBuilder builder() {
        return new SuperblockBuilder();
    }

    /** A builder holding every field of this superblock. */
    public SuperblockBuilder toBuilder() {
        return new SuperblockBuilder(this);
    }

    /** {@code max_dev}: entries in {@code dev_roles}. */
    public int maxDev() {
        return devRoles.size();
    }

    /** This member's role: a slot, or {@link DevRoles#SPARE}, {@link DevRoles#FAULTY}, {@link DevRoles#JOURNAL}. */
    public int role() {
        return devRoles.roleOf(devNumber);
    }

    /** True if every bit of {@code bits} is set in the feature map. */
    public boolean hasFeature(int bits) {
        return (featureMap & bits) == bits;
    }

    /** True when md would call the array clean: {@code resync_offset} is all ones. */
    public boolean isClean() {
        return resyncOffsetSectors == MAX_SECTOR;
    }

    /** The name as printed: up to the first NUL. */
    public String name() {
        int nul = setName.indexOf('\0');
        return nul < 0 ? setName : setName.substring(0, nul);
    }

    /** The name without its {@code homehost:} prefix (what mdadm uses for {@code /dev/md/<name>}). */
    public String shortName() {
        String name = name();
        return name.substring(name.indexOf(':') + 1);
    }

    /** The 1.x version this superblock's {@code super_offset} indicates (mdadm's rule). */
    public MetadataVersion version() {
        return MetadataVersion.fromSuperOffset(superOffsetSectors);
    }

    /** {@code ppl.offset}: signed sectors from the superblock to the PPL area (PPL arrays only). */
    public int pplOffsetSectors() {
        return (short) bitmapOffsetSectors;
    }

    /** {@code ppl.size}: sectors of the PPL area (PPL arrays only). */
    public int pplSizeSectors() {
        return bitmapOffsetSectors >>> 16;
    }

    /** {@code journal_tail} of a journal device: the same bytes as {@code recovery_offset}. */
    public long journalTailSectors() {
        return recoveryOffsetSectors;
    }

    /** Member count before the reshape: {@code raid_disks - delta_disks}. */
    public int previousRaidDisks() {
        return raidDisks - deltaDisks;
    }

    /** Same superblock with a new event count (every superblock update bumps it). */
    public Superblock1 withEvents(long newEvents) {
        return toBuilder().events(newEvents).buildWithChecksum();
    }

    /** Same superblock with a new update time. */
    public Superblock1 withUtime(MdTime newUtime) {
        return toBuilder().utime(newUtime).buildWithChecksum();
    }

    /** Same superblock with device number {@code number} given {@code role} (the table grows if needed). */
    public Superblock1 withRole(int number, int newRole) {
        return toBuilder().devRoles(devRoles.with(number, newRole)).buildWithChecksum();
    }

    /** Same superblock with a whole new role table. */
    public Superblock1 withDevRoles(DevRoles newRoles) {
        return toBuilder().devRoles(newRoles).buildWithChecksum();
    }

    /** Same superblock with a new resync checkpoint ({@link #MAX_SECTOR} = clean, 0 = resync all). */
    public Superblock1 withResyncOffset(long sectors) {
        return toBuilder().resyncOffsetSectors(sectors).buildWithChecksum();
    }

    /** This member partially rebuilt: sets RECOVERY_OFFSET and the sectors already recovered. */
    public Superblock1 withRecoveryOffset(long sectors) {
        return toBuilder().featureMap(featureMap | FeatureMap.RECOVERY_OFFSET).recoveryOffsetSectors(sectors)
                .buildWithChecksum();
    }

    /** This member fully in sync: clears RECOVERY_OFFSET (and RECOVERY_BITMAP) and zeroes the field, as md does. */
    public Superblock1 withRecoveryComplete() {
        return toBuilder().featureMap(featureMap & ~(FeatureMap.RECOVERY_OFFSET | FeatureMap.RECOVERY_BITMAP))
                .recoveryOffsetSectors(0).buildWithChecksum();
    }

    /** Same superblock with another feature map. */
    public Superblock1 withFeatureMap(int newFeatureMap) {
        return toBuilder().featureMap(newFeatureMap).buildWithChecksum();
    }

    private static String stripTrailingNuls(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '\0') {
            end--;
        }
        return name.substring(0, end);
    }

    private static void checkUnsigned(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0.." + max);
        }
    }
}
