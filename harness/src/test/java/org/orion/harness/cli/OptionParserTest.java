package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionParserTest {
    private final OptionParser parser = new OptionParser("orion --create ARRAY ...")
            .flag("--force", "-f").option("--level", "-l");

    @Test
    void shouldAcceptOptionsAndPositionalsInAnyOrderLikeMdadm() {
        ParsedArgs args = parser.parse(List.of("md0", "-l", "6", "--force", "sata0/d0", "--level=5"));
        assertTrue(args.has("--force"));
        assertEquals(Optional.of("5"), args.value("--level"), "the last value wins");
        assertEquals(List.of("md0", "sata0/d0"), args.positionals());
    }

    @Test
    void shouldTreatEverythingAfterDoubleDashAsPositional() {
        ParsedArgs args = parser.parse(List.of("--", "--force", "-"));
        assertEquals(List.of("--force", "-"), args.positionals());
        assertEquals(Optional.empty(), args.value("--level"));
    }

    @Test
    void shouldRefuseUnknownOptionsAndMissingValuesWithTheUsageLine() {
        UsageException unknown = assertThrows(UsageException.class, () -> parser.parse(List.of("--levle", "5")));
        assertEquals("unknown option '--levle'", unknown.getMessage());
        assertEquals("orion --create ARRAY ...", unknown.usage());
        UsageException missing = assertThrows(UsageException.class, () -> parser.parse(List.of("md0", "--level")));
        assertEquals("option --level needs a value", missing.getMessage());
    }
}
