package org.orion.hw.linux.passthru;

/**
 * SCSI command descriptor blocks (CDBs), as SPC and SBC define them. Multi-byte fields are big-endian.
 *
 * <pre>
 * INQUIRY (6)            12h | EVPD(0)          | page code | alloc len (be16)         | control
 * REQUEST SENSE (6)      03h | DESC(0)          | 0  | 0    | alloc len (8)            | control
 * LOG SENSE (10)         4Dh | SP(0)            | PC(7:6) page code(5:0) | subpage | 0 0 0 | alloc len (be16) | control
 * READ CAPACITY (16)     9Eh | service action 10h | LBA (8, zero) | alloc len (be32) | 0 | control
 * </pre>
 */
public final class ScsiCommands {
    public static final int INQUIRY = 0x12;
    public static final int REQUEST_SENSE = 0x03;
    public static final int LOG_SENSE = 0x4d;
    public static final int SERVICE_ACTION_IN_16 = 0x9e;
    public static final int READ_CAPACITY_16 = 0x10;

    public static final int VPD_SUPPORTED_PAGES = 0x00;
    public static final int VPD_UNIT_SERIAL = 0x80;
    public static final int VPD_DEVICE_IDENTIFICATION = 0x83;

    public static final int LOG_PAGE_TEMPERATURE = 0x0d;
    public static final int LOG_PAGE_INFORMATIONAL_EXCEPTIONS = 0x2f;

    private ScsiCommands() {
    }

    /** Standard INQUIRY data. */
    public static byte[] inquiry(int allocationLength) {
        return new byte[] {INQUIRY, 0, 0, (byte) (allocationLength >> 8), (byte) allocationLength, 0};
    }

    /** A vital product data page (EVPD = 1). */
    public static byte[] inquiryVpd(int page, int allocationLength) {
        return new byte[] {INQUIRY, 1, (byte) page, (byte) (allocationLength >> 8), (byte) allocationLength, 0};
    }

    /** REQUEST SENSE, asking for descriptor format if {@code descriptorFormat}. */
    public static byte[] requestSense(boolean descriptorFormat, int allocationLength) {
        return new byte[] {REQUEST_SENSE, (byte) (descriptorFormat ? 1 : 0), 0, 0, (byte) allocationLength, 0};
    }

    /** LOG SENSE of cumulative values (PC = 01b) of one page and subpage. */
    public static byte[] logSense(int page, int subpage, int allocationLength) {
        return new byte[] {LOG_SENSE, 0, (byte) (0x40 | (page & 0x3f)), (byte) subpage, 0, 0, 0,
            (byte) (allocationLength >> 8), (byte) allocationLength, 0};
    }

    public static byte[] readCapacity16(int allocationLength) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) SERVICE_ACTION_IN_16;
        cdb[1] = READ_CAPACITY_16;
        cdb[10] = (byte) (allocationLength >> 24);
        cdb[11] = (byte) (allocationLength >> 16);
        cdb[12] = (byte) (allocationLength >> 8);
        cdb[13] = (byte) allocationLength;
        return cdb;
    }
}
