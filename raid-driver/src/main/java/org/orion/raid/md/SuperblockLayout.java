package org.orion.raid.md;

/**
 * Byte offsets of the 1.x superblock fields ({@code struct mdp_superblock_1}, md-format.md §1.2).
 * Every integer is little-endian.
 *
 * <pre>
 *  0        4        8        12       16                               32
 *  +--------+--------+--------+--------+--------------------------------+
 *  | magic  | major  |feature | pad0=0 |           set_uuid             |
 *  +--------+--------+--------+--------+--------------------------------+
 *  32                                                                   64
 *  |                  set_name (32 bytes, NUL padded)                   |
 *  64                72       76       80                88       92     96
 *  +-----------------+--------+--------+-----------------+--------+--------+
 *  |   ctime         | level  | layout |  size (sectors) | chunk  | raid_  |
 *  |  (40s+24us)     |        |        |                 |sectors | disks  |
 *  96       100      104               112      116      120      124    128
 *  +--------+--------+-----------------+--------+--------+--------+--------+
 *  |bitmap_ |new_    | reshape_position| delta_ | new_   | new_   | new_   |
 *  |offset* |level   |                 | disks  | layout | chunk  | offset |
 *  128               136               144               152             160
 *  +-----------------+-----------------+-----------------+-----------------+
 *  |  data_offset    |   data_size     |  super_offset   | recovery_offset*|
 *  160      164      168                                 184 185 186 188   192
 *  +--------+--------+-----------------------------------+---+---+---+-----+
 *  |dev_    |cnt_cor-|           device_uuid             |fl |bbs|bb |bblog|
 *  |number  |rected  |                                   |ags|hft|sz |off  |
 *  192               200               208               216      220    224
 *  +-----------------+-----------------+-----------------+--------+--------+
 *  |  utime          |    events       | resync_offset   | sb_csum|max_dev |
 *  224                                                                   256
 *  |                       pad3 (32 bytes, must be 0)                     |
 *  256
 *  | dev_roles[max_dev]: le16 each ...                                    |
 *  +----------------------------------------------------------------------+
 *  * unions: bytes 96..99 are ppl.offset (le16, signed) + ppl.size (le16) when a PPL bit is set;
 *    bytes 152..159 are journal_tail on a journal device.
 * </pre>
 */
final class SuperblockLayout {
    static final int MAGIC = 0xa92b4efc;

    static final int MAGIC_AT = 0;
    static final int MAJOR_VERSION_AT = 4;
    static final int FEATURE_MAP_AT = 8;
    static final int PAD0_AT = 12;
    static final int SET_UUID_AT = 16;
    static final int SET_NAME_AT = 32;
    static final int SET_NAME_BYTES = 32;
    static final int CTIME_AT = 64;
    static final int LEVEL_AT = 72;
    static final int LAYOUT_AT = 76;
    static final int SIZE_AT = 80;
    static final int CHUNKSIZE_AT = 88;
    static final int RAID_DISKS_AT = 92;
    static final int BITMAP_OFFSET_AT = 96;
    static final int NEW_LEVEL_AT = 100;
    static final int RESHAPE_POSITION_AT = 104;
    static final int DELTA_DISKS_AT = 112;
    static final int NEW_LAYOUT_AT = 116;
    static final int NEW_CHUNK_AT = 120;
    static final int NEW_OFFSET_AT = 124;
    static final int DATA_OFFSET_AT = 128;
    static final int DATA_SIZE_AT = 136;
    static final int SUPER_OFFSET_AT = 144;
    static final int RECOVERY_OFFSET_AT = 152;
    static final int DEV_NUMBER_AT = 160;
    static final int CNT_CORRECTED_READ_AT = 164;
    static final int DEVICE_UUID_AT = 168;
    static final int DEVFLAGS_AT = 184;
    static final int BBLOG_SHIFT_AT = 185;
    static final int BBLOG_SIZE_AT = 186;
    static final int BBLOG_OFFSET_AT = 188;
    static final int UTIME_AT = 192;
    static final int EVENTS_AT = 200;
    static final int RESYNC_OFFSET_AT = 208;
    static final int SB_CSUM_AT = 216;
    static final int MAX_DEV_AT = 220;
    static final int PAD3_AT = 224;
    static final int PAD3_BYTES = 32;
    static final int DEV_ROLES_AT = 256;

    /** The fixed part before {@code dev_roles}. */
    static final int FIXED_BYTES = 256;
    /** What the kernel reads at {@code sb_start}, and the most a superblock may occupy. */
    static final int READ_BYTES = 4096;

    private SuperblockLayout() {
    }

    /** Bytes the checksum covers and the kernel treats as the superblock: 256 + 2 * max_dev. */
    static int usedBytes(int maxDev) {
        return FIXED_BYTES + 2 * maxDev;
    }

    /** Bytes mdadm writes: {@link #usedBytes} rounded up to a 512-byte sector. */
    static int writtenBytes(int maxDev) {
        return (usedBytes(maxDev) + 511) & ~511;
    }
}
