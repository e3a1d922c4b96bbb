package org.orion.hw.linux.passthru;

/**
 * Identify Controller data (CNS 01h), the fields Orion uses. Little-endian.
 *
 * <pre>
 *    0..1 VID PCI vendor id      2..3 SSVID    4..23 SN (ASCII)   24..63 MN (ASCII)   64..71 FR (ASCII)
 *   73..75 IEEE OUI (least significant byte first)   77 MDTS (max transfer = 2^MDTS pages, 0 = no limit)
 *   78..79 CNTLID    80..83 VER (major 31:16, minor 15:8, tertiary 7:0)
 *  266..267 WCTEMP (K)   268..269 CCTEMP (K)   280..295 TNVMCAP total capacity (bytes, 128-bit)
 *  516..519 NN number of namespaces
 * </pre>
 */
public record NvmeIdentifyController(int vendorId, int subsystemVendorId, String serial, String model,
                                     String firmware, String ieeeOui, int maxDataTransferExponent, int controllerId,
                                     long version, int warningTemperatureKelvin, int criticalTemperatureKelvin,
                                     long totalCapacityBytes, long namespaceCount) {
    public static final int LENGTH = 4096;

    public static NvmeIdentifyController parse(byte[] data) {
        Bytes.requireLength(data, LENGTH, "NVMe Identify Controller data");
        String oui = String.format("%02x%02x%02x", data[75] & 0xff, data[74] & 0xff, data[73] & 0xff);
        return new NvmeIdentifyController(Bytes.le16(data, 0), Bytes.le16(data, 2), Bytes.ascii(data, 4, 20),
                Bytes.ascii(data, 24, 40), Bytes.ascii(data, 64, 8), oui, data[77] & 0xff, Bytes.le16(data, 78),
                Bytes.le32(data, 80), Bytes.le16(data, 266), Bytes.le16(data, 268), Bytes.le128Saturated(data, 280),
                Bytes.le32(data, 516));
    }

    /** "1.3.0"-style version, or "" if the controller reports none (NVMe 1.0). */
    public String versionString() {
        if (version == 0) {
            return "";
        }
        return (version >>> 16) + "." + ((version >>> 8) & 0xff) + "." + (version & 0xff);
    }
}
