package org.orion.hw.linux.passthru;

/**
 * SAT ATA PASS-THROUGH(16) CDBs: how an ATA command reaches a SATA disk through the kernel's SCSI
 * layer (libata or a SAS HBA's translation).
 *
 * <pre>
 *  0: 85h
 *  1: MULTIPLE_COUNT(7:5) | PROTOCOL(4:1) | EXTEND(0)        protocol 3 = non-data, 4 = PIO data-in
 *  2: OFF_LINE(7:6) | CK_COND(5) | T_TYPE(4) | T_DIR(3) | BYTE_BLOCK(2) | T_LENGTH(1:0)
 *  3: FEATURES(15:8)  4: FEATURES(7:0)   5: COUNT(15:8)  6: COUNT(7:0)
 *  7: LBA(31:24)  8: LBA(7:0)   9: LBA(39:32)  10: LBA(15:8)   11: LBA(47:40)  12: LBA(23:16)
 * 13: DEVICE  14: COMMAND  15: CONTROL
 * </pre>
 * Data-in commands here use T_DIR = 1 (from device), BYTE_BLOCK = 1 and T_LENGTH = 2 (the transfer
 * length is COUNT blocks of 512 bytes): byte 2 = 0x0E. SMART RETURN STATUS sets CK_COND so that the
 * ATA registers come back in the sense data (byte 2 = 0x20).
 */
public final class AtaPassThrough {
    public static final int OPCODE = 0x85;
    public static final int ATA_IDENTIFY_DEVICE = 0xec;
    public static final int ATA_SMART = 0xb0;
    public static final int SMART_READ_DATA = 0xd0;
    public static final int SMART_RETURN_STATUS = 0xda;
    /** SMART commands carry this key in LBA(15:8)/LBA(23:16). */
    public static final int SMART_LBA_MID = 0x4f;
    public static final int SMART_LBA_HIGH = 0xc2;
    public static final int PROTOCOL_NON_DATA = 3;
    public static final int PROTOCOL_PIO_DATA_IN = 4;
    public static final int SECTOR_BYTES = 512;

    private AtaPassThrough() {
    }

    public static byte[] identifyDevice() {
        return cdb(PROTOCOL_PIO_DATA_IN, 0x0e, 0, 1, 0, 0, ATA_IDENTIFY_DEVICE);
    }

    public static byte[] smartReadData() {
        return cdb(PROTOCOL_PIO_DATA_IN, 0x0e, SMART_READ_DATA, 1, SMART_LBA_MID, SMART_LBA_HIGH, ATA_SMART);
    }

    public static byte[] smartReturnStatus() {
        return cdb(PROTOCOL_NON_DATA, 0x20, SMART_RETURN_STATUS, 0, SMART_LBA_MID, SMART_LBA_HIGH, ATA_SMART);
    }

    private static byte[] cdb(int protocol, int byte2, int features, int count, int lbaMid, int lbaHigh, int command) {
        byte[] cdb = new byte[16];
        cdb[0] = (byte) OPCODE;
        cdb[1] = (byte) (protocol << 1);
        cdb[2] = (byte) byte2;
        cdb[4] = (byte) features;
        cdb[6] = (byte) count;
        cdb[10] = (byte) lbaMid;
        cdb[12] = (byte) lbaHigh;
        cdb[14] = (byte) command;
        return cdb;
    }
}
