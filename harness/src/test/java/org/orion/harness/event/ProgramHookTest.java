package org.orion.harness.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoStatus;

/** The alert program is run as mdadm runs it: PROGRAM Event md-device [component]. */
class ProgramHookTest {
    @TempDir
    Path dir;

    private Path script(String body) throws IOException {
        Path p = dir.resolve("alert.sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void shouldPassTheEventTheArrayAndTheComponentAsArgumentsInOrder() throws IOException {
        Path log = dir.resolve("calls");
        ProgramHook hook = new ProgramHook(script("echo \"$#|$1|$2|$3\" >> " + log), Duration.ofSeconds(5));
        hook.write(PublishedEvent.of(new DriverEvent.MemberFailed(0, "md0", "sata0/d1", IoStatus.MEDIA_ERROR),
                Instant.EPOCH));
        hook.write(PublishedEvent.of(new DriverEvent.RebuildProgress(0, "md0", "recovery", 20), Instant.EPOCH));
        hook.run("MoveSpare", "md0", Optional.of("md1"));
        hook.close();
        assertEquals(List.of("3|Fail|md0|sata0/d1", "2|Rebuild20|md0|", "3|MoveSpare|md0|md1"), Files.readAllLines(log),
                "one run per event, in order");
        assertEquals(3, hook.runs());
        assertEquals(0, hook.failures());
    }

    @Test
    void shouldCountANonZeroExitAsAFailure() throws IOException {
        ProgramHook hook = new ProgramHook(script("exit 3"), Duration.ofSeconds(5));
        hook.run("TestMessage", "md0", Optional.empty());
        hook.close();
        assertEquals(1, hook.failures());
        assertEquals(0, hook.timeouts());
    }

    @Test
    void shouldKillAProgramThatOverrunsItsTimeWithoutHoldingUpTheCaller() throws IOException {
        Path marker = dir.resolve("finished");
        ProgramHook hook = new ProgramHook(script("sleep 19.7; touch " + marker), Duration.ofSeconds(2));
        long start = System.nanoTime();
        hook.run("Fail", "md0", Optional.of("sata0/d1"));
        assertTrue(System.nanoTime() - start < 1_500_000_000L, "run() only queues; it does not wait the program's 2 s");
        hook.close();
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "killed after its 2 s, not after 19.7 s");
        assertEquals(1, hook.timeouts());
        assertEquals(1, hook.failures());
        assertTrue(Files.notExists(marker));
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").equals("sleep 19.7")),
                "the script's own children are killed too");
    }

    @Test
    void shouldCountAProgramThatCannotStart() {
        ProgramHook hook = new ProgramHook(dir.resolve("missing"), Duration.ofSeconds(1));
        hook.run("Fail", "md0", Optional.empty());
        hook.close();
        assertEquals(1, hook.runs());
        assertEquals(1, hook.failures());
    }
}
