package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteSizesTest {
    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "4096, 4096",
        "0, 0",
        "512B, 512",
        "64k, 65536",
        "512KB, 524288",
        "512K, 524288",
        "4KiB, 4096",
        "4kib, 4096",
        "1MiB, 1048576",
        "256MB, 268435456",
        "1 GiB, 1073741824",
        "16TB, 17592186044416",
        "1EiB, 1152921504606846976",
    })
    void shouldReadEveryUnitAsBinaryLikeMdadm(String text, long expected) {
        assertEquals(expected, ByteSizes.parse(text));
    }

    @Test
    void shouldTreatKbKAndKibAsTheSameThousandTwentyFourBytes() {
        assertEquals(ByteSizes.parse("512KiB"), ByteSizes.parse("512KB"));
        assertEquals(ByteSizes.parse("512k"), ByteSizes.parse("512KB"));
        assertEquals(512 * 1024, ByteSizes.parse("512KB"));
    }

    @ParameterizedTest(name = "\"{0}\" {1}")
    @CsvSource({
        "-1MB, is negative",
        "1.5GB, 'is not a whole number (use a smaller unit, e.g. \"1536MB\" for 1.5GB)'",
        "12 parsecs, is not a size",
        "MB, is not a size",
        "5iB, is not a size",
        "'', is not a size",
        "16ZB, is not a size",
        "8EiB, is too large",
        "99999999999999999999, is too large",
    })
    void shouldRejectWhatIsNotAWholeNonNegativeSize(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(text));
        assertEquals(reason, e.getMessage());
    }

    @ParameterizedTest(name = "{0} bytes prints as {1}")
    @CsvSource({
        "0, 0 B",
        "1000, 1000 B",
        "1024, 1 KiB",
        "268435456, 256 MiB",
        "1610612736, 1.5 GiB",
        "17592186044416, 16 TiB",
    })
    void shouldPrintHumanSizesInBinaryUnits(long bytes, String expected) {
        assertEquals(expected, ByteSizes.human(bytes));
    }

    @ParameterizedTest(name = "{0} bytes is exactly {1}")
    @CsvSource({"0, 0", "1000, 1000", "4096, 4KiB", "524288, 512KiB", "67108864, 64MiB", "1536, 1536"})
    void shouldPrintExactSizesInConfigSyntaxThatParseBack(long bytes, String expected) {
        assertEquals(expected, ByteSizes.exact(bytes));
        assertEquals(bytes, ByteSizes.parse(expected));
    }
}
