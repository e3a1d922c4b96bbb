package org.orion.hw.linux.passthru;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decoded SCSI sense data, in either format.
 *
 * <pre>
 * Fixed (response code 0x70 current / 0x71 deferred):
 *   0: VALID(7) | code      2: FILEMARK EOM ILI | sense key(3:0)   3..6: INFORMATION (be32)
 *   7: additional length    8..11: command-specific               12: ASC  13: ASCQ  15..17: key-specific
 * Descriptor (0x72 current / 0x73 deferred):
 *   0: code  1: sense key(3:0)  2: ASC  3: ASCQ  7: additional length  8..: descriptors [type, length, body]
 *   type 0x00 information: 2: VALID(7), 4..11: INFORMATION (be64)
 *   type 0x09 ATA status return: 2: EXTEND, 3: ERROR, 4..5 COUNT, 6..11 LBA, 12: DEVICE, 13: STATUS
 * </pre>
 *
 * @param responseCode          0x70..0x73 (0 if there was no sense)
 * @param senseKey              0..15
 * @param asc                   additional sense code
 * @param ascq                  additional sense code qualifier
 * @param information           the INFORMATION field (often the failing LBA), if valid
 * @param ataReturn             ATA registers after an ATA PASS-THROUGH with CK_COND, if present
 */
public record SenseData(int responseCode, int senseKey, int asc, int ascq, OptionalLong information,
                        Optional<AtaRegisters> ataReturn) {
    public static final int NO_SENSE = 0;
    public static final int RECOVERED_ERROR = 1;
    public static final int NOT_READY = 2;
    public static final int MEDIUM_ERROR = 3;
    public static final int HARDWARE_ERROR = 4;
    public static final int ILLEGAL_REQUEST = 5;

    /**
     * ATA output registers: 8-bit legacy view (low byte of each 16-bit field).
     *
     * @param error   ERROR register
     * @param status  STATUS register
     * @param count   COUNT (7:0)
     * @param lbaLow  LBA (7:0)
     * @param lbaMid  LBA (15:8), "cylinder low"
     * @param lbaHigh LBA (23:16), "cylinder high"
     * @param device  DEVICE register
     */
    public record AtaRegisters(int error, int status, int count, int lbaLow, int lbaMid, int lbaHigh, int device) {
    }

    /** Parses sense bytes. A buffer too short for the format yields what can be read, never an exception. */
    public static SenseData parse(byte[] sense) {
        if (sense == null || sense.length < 1) {
            return new SenseData(0, NO_SENSE, 0, 0, OptionalLong.empty(), Optional.empty());
        }
        int code = sense[0] & 0x7f;
        if (code == 0x72 || code == 0x73) {
            return parseDescriptor(sense, code);
        }
        if (code == 0x70 || code == 0x71) {
            return parseFixed(sense, code);
        }
        return new SenseData(code, NO_SENSE, 0, 0, OptionalLong.empty(), Optional.empty());
    }

    private static SenseData parseFixed(byte[] s, int code) {
        int key = s.length > 2 ? s[2] & 0x0f : NO_SENSE;
        int asc = s.length > 12 ? s[12] & 0xff : 0;
        int ascq = s.length > 13 ? s[13] & 0xff : 0;
        OptionalLong info = (s[0] & 0x80) != 0 && s.length >= 7 ? OptionalLong.of(Bytes.be32(s, 3)) : OptionalLong.empty();
        Optional<AtaRegisters> ata = Optional.empty();
        // SAT-3: fixed-format ATA PASS-THROUGH results put ERROR, STATUS, DEVICE, COUNT(7:0) in the
        // information field and LBA(7:0), (15:8), (23:16) in command-specific bytes 9..11.
        if (asc == 0x00 && ascq == 0x1d && s.length >= 12) {
            ata = Optional.of(new AtaRegisters(s[3] & 0xff, s[4] & 0xff, s[6] & 0xff, s[9] & 0xff, s[10] & 0xff,
                    s[11] & 0xff, s[5] & 0xff));
            info = OptionalLong.empty();
        }
        return new SenseData(code, key, asc, ascq, info, ata);
    }

    private static SenseData parseDescriptor(byte[] s, int code) {
        int key = s.length > 1 ? s[1] & 0x0f : NO_SENSE;
        int asc = s.length > 2 ? s[2] & 0xff : 0;
        int ascq = s.length > 3 ? s[3] & 0xff : 0;
        int end = s.length > 7 ? Math.min(s.length, 8 + (s[7] & 0xff)) : Math.min(s.length, 8);
        OptionalLong info = OptionalLong.empty();
        Optional<AtaRegisters> ata = Optional.empty();
        int p = 8;
        while (p + 2 <= end) {
            int type = s[p] & 0xff;
            int length = s[p + 1] & 0xff;
            if (p + 2 + length > end) {
                break;
            }
            if (type == 0x00 && length >= 0x0a && (s[p + 2] & 0x80) != 0) {
                info = OptionalLong.of(Bytes.be64(s, p + 4));
            } else if (type == 0x09 && length >= 0x0c) {
                ata = Optional.of(new AtaRegisters(s[p + 3] & 0xff, s[p + 13] & 0xff, s[p + 5] & 0xff, s[p + 7] & 0xff,
                        s[p + 9] & 0xff, s[p + 11] & 0xff, s[p + 12] & 0xff));
            }
            p += 2 + length;
        }
        return new SenseData(code, key, asc, ascq, info, ata);
    }

    public boolean isDeferred() {
        return responseCode == 0x71 || responseCode == 0x73;
    }

    public boolean isDescriptorFormat() {
        return responseCode == 0x72 || responseCode == 0x73;
    }

    public String keyName() {
        return SenseCodes.keyName(senseKey);
    }

    public String ascAscqName() {
        return SenseCodes.ascAscqName(asc, ascq);
    }

    /** "MEDIUM ERROR: Unrecovered read error (ASC 0x11 ASCQ 0x00) at LBA 4660" */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (isDeferred()) {
            s.append("deferred ");
        }
        s.append(keyName()).append(": ").append(ascAscqName())
                .append(String.format(" (ASC 0x%02x ASCQ 0x%02x)", asc, ascq));
        information.ifPresent(lba -> s.append(" at LBA ").append(Long.toUnsignedString(lba)));
        return s.toString();
    }
}
