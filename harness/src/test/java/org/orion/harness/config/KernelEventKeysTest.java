package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** {@code [kernel] events_file} and {@code program}: optional paths, relative to the configuration file. */
class KernelEventKeysTest {
    private static final Path DIR = Path.of("/etc/orion");

    @Test
    void shouldHaveNeitherAnEventsFileNorAProgramByDefault() {
        KernelSettings kernel = ConfigLoader.parse("", DIR, "test.toml").kernel();
        assertEquals(Optional.empty(), kernel.eventsFile());
        assertEquals(Optional.empty(), kernel.program());
    }

    @Test
    void shouldResolveBothAgainstTheConfigurationDirectory() {
        KernelSettings kernel = ConfigLoader.parse("[kernel]\nevents_file = \"var/../log/events.jsonl\"\n"
                + "program = \"/usr/local/sbin/orion-alert\"\n", DIR, "test.toml").kernel();
        assertEquals(Optional.of(Path.of("/etc/orion/log/events.jsonl")), kernel.eventsFile());
        assertEquals(Optional.of(Path.of("/usr/local/sbin/orion-alert")), kernel.program());
    }

    @Test
    void shouldRefuseABlankPathNamingTheLineAndKey() {
        OrionException e = assertThrows(OrionException.class,
                () -> ConfigLoader.parse("[kernel]\nprogram = \"  \"\n", DIR, "test.toml"));
        assertEquals(ErrorCode.CONFIG, e.code());
        assertEquals("test.toml:2: [kernel] program = \"  \" is not a path (allowed: the path of a program to run for "
                + "each event, relative to the configuration file)", e.getMessage());
    }

    @Test
    void shouldRefuseAPathThatIsNotAString() {
        OrionException e = assertThrows(OrionException.class,
                () -> ConfigLoader.parse("[kernel]\nevents_file = 3\n", DIR, "test.toml"));
        assertEquals("test.toml:2: [kernel] events_file = 3 is not a string (allowed: a quoted string)", e.getMessage());
    }
}
