package org.orion.hw.linux.passthru;

/**
 * Standard INQUIRY data (SPC).
 *
 * <pre>
 *  0: qualifier(7:5) | peripheral device type(4:0)   1: RMB(7)   2: version   3: response data format(3:0)
 *  4: additional length   8..15: T10 vendor   16..31: product   32..35: product revision
 * </pre>
 *
 * @param peripheralType 0 = direct-access block device (a disk), 5 = CD/DVD, ...
 * @param removable      RMB bit
 * @param version        SPC version claimed
 * @param vendor         vendor ("ATA" for a SATA disk behind a SAT layer)
 * @param product        product / model
 * @param revision       firmware revision
 */
public record ScsiInquiry(int peripheralType, boolean removable, int version, String vendor, String product,
                          String revision) {
    public static final int MIN_LENGTH = 36;

    public static ScsiInquiry parse(byte[] data) {
        Bytes.requireLength(data, MIN_LENGTH, "standard INQUIRY data");
        return new ScsiInquiry(data[0] & 0x1f, (data[1] & 0x80) != 0, data[2] & 0xff, Bytes.ascii(data, 8, 8),
                Bytes.ascii(data, 16, 16), Bytes.ascii(data, 32, 4));
    }

    /** True for a SATA disk reached through a SCSI-ATA translation layer (libata, a SAS HBA). */
    public boolean isAtaBehindSat() {
        return vendor.equals("ATA");
    }
}
