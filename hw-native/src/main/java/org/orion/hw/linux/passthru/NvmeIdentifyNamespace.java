package org.orion.hw.linux.passthru;

/**
 * Identify Namespace data (CNS 00h), the fields Orion uses. Little-endian.
 *
 * <pre>
 *    0..7 NSZE size in blocks    8..15 NCAP capacity    16..23 NUSE utilization
 *   25 NLBAF number of formats minus one    26 FLBAS: bits 3:0 (and 6:5 as high bits) = format in use
 *  104..119 NGUID   120..127 EUI64
 *  128 + 4n LBA format n: 0..1 MS metadata bytes, 2 LBADS = log2(block size), 3 bits 1:0 relative performance
 * </pre>
 *
 * @param sizeBlocks     NSZE
 * @param capacityBlocks NCAP
 * @param usedBlocks     NUSE
 * @param blockBytes     logical block size of the format in use
 * @param metadataBytes  metadata bytes per block of the format in use
 * @param nguid          hex, empty if zero
 * @param eui64          hex, empty if zero
 */
public record NvmeIdentifyNamespace(long sizeBlocks, long capacityBlocks, long usedBlocks, int blockBytes,
                                    int metadataBytes, String nguid, String eui64) {
    public static final int LENGTH = 4096;

    public static NvmeIdentifyNamespace parse(byte[] data) {
        Bytes.requireLength(data, LENGTH, "NVMe Identify Namespace data");
        int flbas = data[26] & 0xff;
        int format = (flbas & 0x0f) | ((flbas >> 1) & 0x30);
        int entry = 128 + 4 * format;
        int lbads = data[entry + 2] & 0xff;
        if (lbads < 9 || lbads > 16) {
            throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.CORRUPT, "NVMe namespace format "
                    + format + " has LBADS " + lbads + " (block size 2^" + lbads + "), outside 512 B..64 KiB:"
                    + " the namespace is not formatted or the data is damaged");
        }
        return new NvmeIdentifyNamespace(Bytes.le64(data, 0), Bytes.le64(data, 8), Bytes.le64(data, 16), 1 << lbads,
                Bytes.le16(data, entry), nonZeroHex(data, 104, 16), nonZeroHex(data, 120, 8));
    }

    public long capacityBytes() {
        return sizeBlocks * blockBytes;
    }

    private static String nonZeroHex(byte[] data, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (data[i] != 0) {
                return Bytes.hex(data, offset, length);
            }
        }
        return "";
    }
}
