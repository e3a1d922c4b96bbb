package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UsageLineTest {
    @Test
    void shouldNameEveryRegisteredModeInTheUsageLine() {
        assertTrue(Cli.USAGE.startsWith("orion [--config FILE] [--debug] {"), Cli.USAGE);
        for (Mode mode : Modes.all()) {
            assertTrue(Cli.USAGE.contains(mode.name()), mode.name() + " in " + Cli.USAGE);
        }
    }
}
