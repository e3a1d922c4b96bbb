package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntervalsTest {
    @ParameterizedTest(name = "{0} = {1} seconds")
    @CsvSource({"0, 0", "45s, 45", "90m, 5400", "24h, 86400", "7d, 604800", "2w, 1209600", "1d12h, 129600",
        "1h30m15s, 5415"})
    void shouldReadIntervalsAsSumsOfUnitGroups(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Intervals.parse(text));
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "7", "d", "7days", "1.5h", "7d 12h", "h7", "7d-", "-1h"})
    void shouldRefuseAnythingButUnitGroups(String text) {
        assertThrows(IllegalArgumentException.class, () -> Intervals.parse(text));
    }

    @ParameterizedTest(name = "{0} seconds prints as {1}")
    @CsvSource({"0, 0", "604800, 1w", "129600, 1d12h", "5415, 1h30m15s"})
    void shouldPrintTheCompactFormThatParsesBack(long seconds, String text) {
        assertEquals(text, Intervals.format(Duration.ofSeconds(seconds)));
        assertEquals(Duration.ofSeconds(seconds), Intervals.parse(text));
    }
}
