package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliUsageTest {
    @TempDir
    Path dir;

    static Stream<Arguments> badCommandLines() {
        String top = "usage: " + Cli.USAGE;
        String hw = "usage: orion hw list [--json]";
        String hwModes = "usage: " + HwMode.USAGE;
        return Stream.of(
            Arguments.of(new String[] {}, "orion: no mode given (orion --help lists them)", top),
            Arguments.of(new String[] {"frobnicate"}, "orion: unknown mode 'frobnicate'", top),
            Arguments.of(new String[] {"--frobnicate", "hw", "list"}, "orion: unknown option or mode '--frobnicate'", top),
            Arguments.of(new String[] {"hw", "list", "--config"}, "orion: option --config needs a value", top),
            Arguments.of(new String[] {"--config=", "hw", "list"}, "orion: option --config needs a file name", top),
            Arguments.of(new String[] {"hw"}, "orion: hw needs a subcommand", hwModes),
            Arguments.of(new String[] {"hw", "lst"}, "orion: unknown hw subcommand 'lst'", hwModes),
            Arguments.of(new String[] {"hw", "list", "--jsn"}, "orion: unknown option '--jsn'", hw),
            Arguments.of(new String[] {"hw", "list", "--json=yes"}, "orion: option --json takes no value", hw),
            Arguments.of(new String[] {"hw", "list", "sata0"}, "orion: unexpected argument 'sata0'", hw));
    }

    @ParameterizedTest(name = "orion {0}")
    @MethodSource("badCommandLines")
    void shouldPrintTheProblemAndAUsageLineOnStderrAndExitTwo(String[] args, String problem, String usage) {
        CliRun run = CliRun.run(dir, args);
        assertEquals(2, run.status());
        assertEquals(problem + "\n" + usage + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldListEveryModeAndTheExitCodesInHelp() {
        CliRun run = CliRun.run(dir, "--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: " + Cli.USAGE + "\n"), run.out());
        for (Mode mode : Modes.all()) {
            assertTrue(run.out().contains("  " + mode.usage().substring("orion ".length())), mode.name());
        }
        assertTrue(run.out().contains("Exit status: 0 ok, 1 failed, 2 usage error, 3 bad configuration"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldDescribeAModeWithModeHelp() {
        CliRun run = CliRun.run(dir, "hw", "--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("usage: " + HwMode.USAGE + "\n\n  orion hw list [--json]\n"), run.out());
        assertTrue(run.out().contains("--json"), run.out());
    }

    @Test
    void shouldPrintTheVersion() {
        CliRun run = CliRun.run(dir, "--version");
        assertEquals(0, run.status());
        assertTrue(run.out().matches("orion [0-9]+\\.[0-9]+\\.[0-9]+(-SNAPSHOT)?\n"), run.out());
    }
}
