package org.orion.hw.linux.passthru;

/**
 * READ CAPACITY(16) parameter data (SBC).
 *
 * <pre>
 *  0..7: returned logical block address (the last LBA, be64)   8..11: logical block length in bytes (be32)
 *  12: P_TYPE(3:1) | PROT_EN(0)   13: P_I_EXPONENT(7:4) | logical blocks per physical block exponent(3:0)
 *  14..15: LBPME(7) | LBPRZ(6) | lowest aligned LBA(13:0)
 * </pre>
 *
 * @param lastLba             highest addressable LBA
 * @param logicalBlockBytes   logical block size
 * @param physicalBlockBytes  logical block size times 2^exponent
 * @param thinProvisioned     LBPME: the device supports unmap (discard)
 */
public record ReadCapacity16(long lastLba, int logicalBlockBytes, int physicalBlockBytes, boolean thinProvisioned) {
    public static final int LENGTH = 32;

    public static ReadCapacity16 parse(byte[] data) {
        Bytes.requireLength(data, 16, "READ CAPACITY(16) data");
        int logical = (int) Bytes.be32(data, 8);
        int exponent = data[13] & 0x0f;
        return new ReadCapacity16(Bytes.be64(data, 0), logical, logical << exponent, (data[14] & 0x80) != 0);
    }

    public long capacityBytes() {
        return (lastLba + 1) * logicalBlockBytes;
    }
}
