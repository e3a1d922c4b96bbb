package org.orion.hw.linux.passthru;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vital product data pages (INQUIRY with EVPD).
 *
 * <pre>
 * every page: 0: peripheral   1: page code   2..3: page length (be16)   4..: payload
 * 0x00 supported pages: one page code per payload byte
 * 0x80 unit serial number: ASCII
 * 0x83 device identification: designation descriptors
 *      0: protocol id(7:4) | code set(3:0)   1: PIV(7) | association(5:4) | designator type(3:0)
 *      3: designator length   4..: designator
 * </pre>
 */
public final class VpdPages {
    /** Designator types of page 0x83. */
    public static final int TYPE_EUI64 = 2;
    public static final int TYPE_NAA = 3;
    public static final int TYPE_SCSI_NAME = 8;

    private VpdPages() {
    }

    /**
     * One designation descriptor of page 0x83.
     *
     * @param codeSet     1 binary, 2 ASCII, 3 UTF-8
     * @param association 0 the logical unit, 1 the target port, 2 the target device
     * @param type        designator type (2 EUI-64, 3 NAA, 8 SCSI name string, ...)
     * @param value       the designator bytes
     */
    public record Designator(int codeSet, int association, int type, byte[] value) {
        public Designator {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** Hex for binary designators, text for ASCII/UTF-8 ones. */
        public String text() {
            return codeSet == 1 ? Bytes.hex(value, 0, value.length) : Bytes.ascii(value, 0, value.length);
        }
    }

    public static List<Integer> supportedPages(byte[] page) {
        int length = payloadLength(page, ScsiCommands.VPD_SUPPORTED_PAGES);
        List<Integer> pages = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            pages.add(page[4 + i] & 0xff);
        }
        return pages;
    }

    public static String unitSerial(byte[] page) {
        return Bytes.ascii(page, 4, payloadLength(page, ScsiCommands.VPD_UNIT_SERIAL));
    }

    public static List<Designator> deviceIdentification(byte[] page) {
        int end = 4 + payloadLength(page, ScsiCommands.VPD_DEVICE_IDENTIFICATION);
        List<Designator> result = new ArrayList<>();
        int p = 4;
        while (p + 4 <= end) {
            int length = page[p + 3] & 0xff;
            if (p + 4 + length > end) {
                break;
            }
            byte[] value = new byte[length];
            System.arraycopy(page, p + 4, value, 0, length);
            result.add(new Designator(page[p] & 0x0f, (page[p + 1] >> 4) & 0x03, page[p + 1] & 0x0f, value));
            p += 4 + length;
        }
        return result;
    }

    /** The logical unit's world wide name: its NAA designator (else EUI-64) in hex, as /dev/disk/by-id/wwn-0x... shows it. */
    public static Optional<String> logicalUnitWwn(List<Designator> designators) {
        for (int type : new int[] {TYPE_NAA, TYPE_EUI64}) {
            for (Designator d : designators) {
                if (d.association() == 0 && d.type() == type && d.codeSet() == 1) {
                    return Optional.of(d.text());
                }
            }
        }
        return Optional.empty();
    }

    private static int payloadLength(byte[] page, int expectedCode) {
        Bytes.requireLength(page, 4, "VPD page 0x" + Integer.toHexString(expectedCode));
        if ((page[1] & 0xff) != expectedCode) {
            throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.CORRUPT, String.format(
                    "VPD page code is 0x%02x, expected 0x%02x: the device answered a different page", page[1] & 0xff,
                    expectedCode));
        }
        return Math.min(Bytes.be16(page, 2), page.length - 4);
    }
}
