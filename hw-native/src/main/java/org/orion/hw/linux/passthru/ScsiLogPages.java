package org.orion.hw.linux.passthru;

import java.util.OptionalInt;

/**
 * LOG SENSE pages Orion reads for health.
 *
 * <pre>
 * header: 0: DS(7) SPF(6) page code(5:0)  1: subpage  2..3: page length (be16)
 * parameter: 0..1 parameter code (be16)  2: control  3: length  4..: value
 * 0x2F informational exceptions, parameter 0000h: 4: ASC  5: ASCQ  6: most recent temperature (C)
 * 0x0D temperature, parameter 0000h: 5: temperature (C, FFh = unknown); 0001h: 5: reference temperature
 * </pre>
 */
public final class ScsiLogPages {
    private ScsiLogPages() {
    }

    /**
     * The informational exceptions state: ASC/ASCQ 0/0 means no failure predicted; 5D/xx means the
     * device predicts its own failure (SMART trip).
     *
     * @param asc                 additional sense code of the most recent exception
     * @param ascq                its qualifier
     * @param temperatureCelsius  most recent temperature, if reported
     */
    public record InformationalExceptions(int asc, int ascq, OptionalInt temperatureCelsius) {
        public boolean failurePredicted() {
            return asc == 0x5d;
        }

        public String describe() {
            return SenseCodes.ascAscqName(asc, ascq);
        }
    }

    /**
     * @param currentCelsius    current temperature
     * @param referenceCelsius  maximum the manufacturer rates for continuous operation
     */
    public record Temperature(OptionalInt currentCelsius, OptionalInt referenceCelsius) {
    }

    public static InformationalExceptions informationalExceptions(byte[] page) {
        int end = checkHeader(page, ScsiCommands.LOG_PAGE_INFORMATIONAL_EXCEPTIONS);
        int p = 4;
        while (p + 4 <= end) {
            int code = Bytes.be16(page, p);
            int length = page[p + 3] & 0xff;
            if (code == 0 && length >= 2 && p + 4 + length <= end) {
                OptionalInt temp = length >= 3 && (page[p + 6] & 0xff) != 0xff
                        ? OptionalInt.of(page[p + 6] & 0xff) : OptionalInt.empty();
                return new InformationalExceptions(page[p + 4] & 0xff, page[p + 5] & 0xff, temp);
            }
            p += 4 + length;
        }
        throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.CORRUPT,
                "informational exceptions log page has no parameter 0000h: the device's answer is incomplete");
    }

    public static Temperature temperature(byte[] page) {
        int end = checkHeader(page, ScsiCommands.LOG_PAGE_TEMPERATURE);
        OptionalInt current = OptionalInt.empty();
        OptionalInt reference = OptionalInt.empty();
        int p = 4;
        while (p + 4 <= end) {
            int code = Bytes.be16(page, p);
            int length = page[p + 3] & 0xff;
            if (length >= 2 && p + 4 + length <= end) {
                int value = page[p + 5] & 0xff;
                if (value != 0xff && code == 0) {
                    current = OptionalInt.of(value);
                } else if (value != 0xff && code == 1) {
                    reference = OptionalInt.of(value);
                }
            }
            p += 4 + length;
        }
        return new Temperature(current, reference);
    }

    private static int checkHeader(byte[] page, int expected) {
        Bytes.requireLength(page, 4, String.format("log page 0x%02x", expected));
        if ((page[0] & 0x3f) != expected) {
            throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.CORRUPT, String.format(
                    "log page code is 0x%02x, expected 0x%02x: the device answered a different page", page[0] & 0x3f,
                    expected));
        }
        return Math.min(page.length, 4 + Bytes.be16(page, 2));
    }
}
