package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.ArrayHost;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;

/**
 * A starting kernel ({@code orion serve}) assembles its configured arrays as a boot-time
 * {@code mdadm --assemble} does: it never insists on a degraded start, and when it refuses one it
 * says how to start the array by hand, which then works.
 */
class ServeAssemblyRuleTest {
    private static final String TOML = """
            [[controllers]]
            name = "s"
            transport = "sata"
            latency = "zero"
            [[controllers.disks]]
            name = "d0"
            size = "16MB"
            path = "d0.img"
            [[controllers.disks]]
            name = "d1"
            size = "16MB"
            path = "d1.img"
            [[arrays]]
            name = "md0"
            level = 1
            members = ["s/d0", "s/d1"]
            create = "on-first-start"
            """;
    private static final int BYTES = 1 << 20;

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void writeConfig() throws IOException {
        Files.writeString(dir.resolve("orion.toml"), TOML);
    }

    /** Runs a kernel over the configuration, as orion serve does, until {@code body} returns; then stops it cleanly. */
    private void serve(Consumer<ArrayDevice> body) {
        var config = ConfigLoader.parse(TOML, dir, "orion.toml");
        try (Kernel kernel = Kernel.create(config, NanoClock.system())) {
            kernel.attachHardware();
            kernel.startDrivers();
            try (ArrayHost host = new ArrayHost(kernel)) {
                host.startConfigured(config);
                body.accept(host.require("md0").device());
            }
        }
    }

    private static void awaitIdle(ArrayDevice array) {
        long deadlineNanos = System.nanoTime() + 60_000_000_000L;
        while (!array.sync().action().equals("idle")) {
            assertTrue(System.nanoTime() < deadlineNanos, "the creation resync did not end");
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldRefuseToStartWithoutAMemberThatWasActiveAndStartAfterAnAssembleWithRun() throws IOException {
        byte[] old = Patterns.random(1, BYTES);
        byte[] current = Patterns.random(2, BYTES);
        serve(array -> {
            awaitIdle(array);
            SyncIo.writeBytes(array, 0, old, 0);
        });
        Files.copy(dir.resolve("d0.img"), dir.resolve("d0.old"));
        serve(array -> SyncIo.writeBytes(array, 0, current, 0));
        // d0 comes back with what it held a run ago (a disk that dropped out unnoticed): left out as
        // stale, it leaves a slot unfilled that the newest superblock still counts active.
        Files.copy(dir.resolve("d0.old"), dir.resolve("d0.img"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] d0Before = Files.readAllBytes(dir.resolve("d0.img"));
        byte[] d1Before = Files.readAllBytes(dir.resolve("d1.img"));

        OrionException refused = assertThrows(OrionException.class, () -> serve(array -> { }));

        assertEquals(ErrorCode.UNSAFE, refused.code(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith("md0 assembled from 1 drive - need all 2 to start it (use --run to"
                + " insist): s/d0 is stale"), refused.getMessage());
        assertTrue(refused.getMessage().contains("start it degraded once by hand ('orion --assemble --scan md0 --run'"),
                refused.getMessage());
        assertArrayEquals(d0Before, Files.readAllBytes(dir.resolve("d0.img")), "d0 is left as it was");
        assertArrayEquals(d1Before, Files.readAllBytes(dir.resolve("d1.img")), "d1 is left as it was");

        CliRun byHand = CliRun.run(dir, "--config", dir.resolve("orion.toml").toString(), "--assemble", "--scan", "md0",
                "--run");
        assertEquals(0, byHand.status(), byHand.err());
        serve(array -> assertArrayEquals(current, SyncIo.readBytes(array, 0, BYTES),
                "the array starts degraded from the member with the newest data"));
    }
}
