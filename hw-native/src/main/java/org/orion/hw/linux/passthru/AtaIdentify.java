package org.orion.hw.linux.passthru;

import java.util.Optional;

/**
 * ATA IDENTIFY DEVICE data: 256 little-endian 16-bit words (ACS). Strings are byte-swapped words.
 *
 * <pre>
 * word  10..19 serial (20 chars)    23..26 firmware (8)    27..46 model (40)
 *       60..61 LBA28 sectors        82 bit0 SMART supported   83 bit10 LBA48 supported   85 bit0 SMART enabled
 *      100..103 LBA48 sectors      106 sector sizes: bit14=1,bit15=0 valid; bit13 several logical per
 *                                      physical, bits 3:0 = log2(logical per physical); bit12 logical > 512 B
 *      108..111 world wide name    117..118 logical sector size in words (if word 106 bit 12)
 *      217 rotation rate: 1 = non-rotating (SSD), 0401h..FFFEh = rpm
 *      255 integrity: bits 7:0 = A5h signature, bits 15:8 checksum (all 512 bytes sum to 0 mod 256)
 * </pre>
 */
public record AtaIdentify(String model, String serial, String firmware, long sectors, int logicalSectorBytes,
                          int physicalSectorBytes, boolean smartSupported, boolean smartEnabled, int rotationRateRpm,
                          Optional<String> wwn) {
    public static final int LENGTH = 512;

    public static AtaIdentify parse(byte[] data) {
        Bytes.requireLength(data, LENGTH, "ATA IDENTIFY DEVICE data");
        if ((data[510] & 0xff) == 0xa5 && checksum(data) != 0) {
            throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.CORRUPT,
                    "ATA IDENTIFY DEVICE data fails its checksum (word 255): the transfer was damaged; retry the command");
        }
        boolean lba48 = (word(data, 83) & (1 << 10)) != 0;
        long sectors = lba48 ? Bytes.le64(data, 200) : Bytes.le32(data, 120);
        int w106 = word(data, 106);
        int logical = 512;
        int physical = 512;
        if ((w106 & 0xc000) == 0x4000) {
            if ((w106 & (1 << 12)) != 0) {
                logical = (int) (Bytes.le32(data, 234) * 2);
            }
            physical = (w106 & (1 << 13)) != 0 ? logical << (w106 & 0x0f) : logical;
        }
        int w217 = word(data, 217);
        Optional<String> wwn = Optional.empty();
        if ((word(data, 108) & 0xf000) == 0x5000) {
            wwn = Optional.of(String.format("%04x%04x%04x%04x", word(data, 108), word(data, 109), word(data, 110),
                    word(data, 111)));
        }
        return new AtaIdentify(Bytes.ataString(data, 54, 40), Bytes.ataString(data, 20, 20),
                Bytes.ataString(data, 46, 8), sectors, logical, physical, (word(data, 82) & 1) != 0,
                (word(data, 85) & 1) != 0, w217 == 1 || (w217 >= 0x401 && w217 <= 0xfffe) ? w217 : 0, wwn);
    }

    public long capacityBytes() {
        return sectors * logicalSectorBytes;
    }

    /** True for a solid-state device (rotation rate word = 1). */
    public boolean nonRotating() {
        return rotationRateRpm == 1;
    }

    static int word(byte[] data, int word) {
        return Bytes.le16(data, 2 * word);
    }

    /** Sum of all 512 bytes modulo 256 (0 for a valid ATA checksummed structure). */
    public static int checksum(byte[] data) {
        int sum = 0;
        for (int i = 0; i < LENGTH; i++) {
            sum += data[i] & 0xff;
        }
        return sum & 0xff;
    }
}
