package org.orion.raid.md;

import java.util.Locale;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The three places a 1.x superblock can live (md-format.md §1.1). All three share one format;
 * only {@code sb_start} differs, and {@code super_offset} inside the superblock must equal it.
 *
 * <pre>
 *  1.1: |SB|..bitmap/bblog..|data ......................................|
 *       0
 *  1.2: |4K|SB|..bitmap/bblog..|data ...................................|
 *          8
 *  1.0: |data ..................................|bblog/bitmap|SB|>=8K..<12K|
 *                                                           (dev-16) &amp; ~7
 * </pre>
 * Sector numbers are 512-byte sectors whatever the device's logical block size.
 */
public enum MetadataVersion {
    /** At the end: 8 KiB to 12 KiB before the end, 4 KiB aligned. */
    V1_0(0),
    /** At sector 0. */
    V1_1(1),
    /** At sector 8 (byte 4096); mdadm's default and the only one Orion creates. */
    V1_2(2);

    private final int minor;

    MetadataVersion(int minor) {
        this.minor = minor;
    }

    /** The minor version number: 0, 1 or 2. */
    public int minor() {
        return minor;
    }

    /** mdadm's spelling: {@code 1.2}. */
    public String label() {
        return "1." + minor;
    }

    /** Where the superblock starts on a device of {@code deviceSectors} 512-byte sectors. */
    public long superOffsetSectors(long deviceSectors) {
        switch (this) {
            case V1_0:
                return (deviceSectors - 16) & ~7L;
            case V1_1:
                return 0;
            default:
                return 8;
        }
    }

    /** True when the data area follows the superblock (1.1, 1.2). */
    public boolean superblockBeforeData() {
        return this != V1_0;
    }

    /**
     * The version mdadm's {@code --examine} infers from a superblock's {@code super_offset}: up to 4
     * is 1.1, up to 8 is 1.2, anything further is 1.0.
     */
    public static MetadataVersion fromSuperOffset(long superOffsetSectors) {
        if (superOffsetSectors >= 0 && superOffsetSectors <= 4) {
            return V1_1;
        }
        return superOffsetSectors >= 0 && superOffsetSectors <= 8 ? V1_2 : V1_0;
    }

    /** Parses mdadm's {@code --metadata} values for 1.x: {@code 1.0}, {@code 1.1}, {@code 1.2}, {@code 1}, {@code default}. */
    public static MetadataVersion parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1.0":
                return V1_0;
            case "1.1":
                return V1_1;
            case "1.2":
            case "1":
            case "default":
                return V1_2;
            default:
                throw new OrionException(ErrorCode.USAGE, "metadata '" + text
                        + "' is not supported: use 1.2 (or 1.0, 1.1 to read existing arrays)");
        }
    }
}
