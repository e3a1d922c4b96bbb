package org.orion.hw.linux.passthru;

import java.util.Map;

/**
 * Names of sense keys and of the additional sense codes (ASC/ASCQ) a disk commonly reports, in the
 * wording of the SCSI Primary Commands standard (SPC). Codes not listed are shown as numbers.
 */
public final class SenseCodes {
    private static final String[] KEYS = {
        "NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR", "ILLEGAL REQUEST",
        "UNIT ATTENTION", "DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
        "RESERVED (0xC)", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED"};

    /** Keyed by (asc << 8) | ascq. */
    private static final Map<Integer, String> ASC_ASCQ = Map.ofEntries(
            Map.entry(0x0000, "No additional sense information"),
            Map.entry(0x001d, "ATA pass through information available"),
            Map.entry(0x0300, "Peripheral device write fault"),
            Map.entry(0x0302, "Excessive write errors"),
            Map.entry(0x0400, "Logical unit not ready, cause not reportable"),
            Map.entry(0x0401, "Logical unit is in process of becoming ready"),
            Map.entry(0x0402, "Logical unit not ready, initializing command required"),
            Map.entry(0x0403, "Logical unit not ready, manual intervention required"),
            Map.entry(0x0b01, "Warning - specified temperature exceeded"),
            Map.entry(0x0c00, "Write error"),
            Map.entry(0x0c02, "Write error - auto reallocation failed"),
            Map.entry(0x1100, "Unrecovered read error"),
            Map.entry(0x1104, "Unrecovered read error - auto reallocate failed"),
            Map.entry(0x1401, "Record not found"),
            Map.entry(0x1501, "Mechanical positioning error"),
            Map.entry(0x1a00, "Parameter list length error"),
            Map.entry(0x2000, "Invalid command operation code"),
            Map.entry(0x2100, "Logical block address out of range"),
            Map.entry(0x2400, "Invalid field in CDB"),
            Map.entry(0x2500, "Logical unit not supported"),
            Map.entry(0x2600, "Invalid field in parameter list"),
            Map.entry(0x2700, "Write protected"),
            Map.entry(0x2800, "Not ready to ready change, medium may have changed"),
            Map.entry(0x2900, "Power on, reset, or bus device reset occurred"),
            Map.entry(0x2a01, "Mode parameters changed"),
            Map.entry(0x3100, "Medium format corrupted"),
            Map.entry(0x3200, "No defect spare location available"),
            Map.entry(0x3a00, "Medium not present"),
            Map.entry(0x3e02, "Timeout on logical unit"),
            Map.entry(0x4400, "Internal target failure"),
            Map.entry(0x4700, "SCSI parity error"),
            Map.entry(0x5d00, "Failure prediction threshold exceeded"),
            Map.entry(0x5d10, "Hardware impending failure general hard drive failure"),
            Map.entry(0x5dff, "Failure prediction threshold exceeded (false)"));

    private SenseCodes() {
    }

    public static String keyName(int senseKey) {
        return KEYS[senseKey & 0x0f];
    }

    /** The standard text for an ASC/ASCQ pair, or "ASC 0x.. ASCQ 0x.." when this table does not know it. */
    public static String ascAscqName(int asc, int ascq) {
        String name = ASC_ASCQ.get((asc << 8) | ascq);
        if (name != null) {
            return name;
        }
        if (asc == 0x5d) {
            return "Failure prediction threshold exceeded (ASCQ 0x" + Integer.toHexString(ascq) + ")";
        }
        return String.format("ASC 0x%02x ASCQ 0x%02x", asc, ascq);
    }
}
