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

    @Test
    void shouldReadShortOptionsWithTheirValueAttachedAndClusteredFlagsAsGetoptDoes() {
        OptionParser mdadm = new OptionParser("orion --create ...").flag("--force", "-f").flag("--brief", "-b")
                .option("--level", "-l").option("--raid-devices", "-n");
        ParsedArgs args = mdadm.parse(List.of("-l6", "-n=4", "-fb", "md0"));
        assertEquals(Optional.of("6"), args.value("--level"));
        assertEquals(Optional.of("4"), args.value("--raid-devices"));
        assertTrue(args.has("--force") && args.has("--brief"));
        ParsedArgs flagsThenValue = mdadm.parse(List.of("-fn", "3"));
        assertEquals(Optional.of("3"), flagsThenValue.value("--raid-devices"));
        UsageException unknown = assertThrows(UsageException.class, () -> mdadm.parse(List.of("-fz")));
        assertEquals("unknown option '-z'", unknown.getMessage());
        UsageException whole = assertThrows(UsageException.class, () -> mdadm.parse(List.of("-xyz")));
        assertEquals("unknown option '-xyz'", whole.getMessage());
    }
}
