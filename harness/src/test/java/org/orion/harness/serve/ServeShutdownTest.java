package org.orion.harness.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.nbd.ExternalTool;
import org.orion.harness.nbd.RawNbdClient;

/**
 * SIGTERM is how systemd (and a user's Ctrl-C, as SIGINT) stops the kernel: it must exit 0 after
 * marking every superblock clean, so the next start assembles without a resync, and Linux md (read
 * here through {@code mdadm --examine}, when installed) agrees that the members are clean.
 */
@Tag("serve")
class ServeShutdownTest {
    @TempDir
    Path dir;
    private ServeProcess serve;

    @BeforeEach
    void startServe() throws Exception {
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(16L << 20), dir);
    }

    @AfterEach
    void stopServe() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    /**
     * The served array computes parity with the best kernels of the JVM it runs on: on the JDK 22+
     * that ./orion picks when the build has the segment kernels (orion.test.serveJava, set by the
     * harness pom), the MemorySegment ones, not the scalar fallback that JDK 19+ would otherwise use.
     */
    @Test
    void shouldComputeParityWithTheVectorKernelsOfTheJvmItServesOn() throws Exception {
        String expected = System.getProperty("orion.test.serveJava") != null ? "vector-\\d+-segment" : "vector-\\d+";
        assertTrue(java.util.regex.Pattern.compile("parity kernels " + expected + " ready").matcher(serve.log()).find(),
                "the server's log should name parity kernels matching " + expected + "\n" + ServeProcess.tail(serve.log()));
    }

    @Test
    void shouldExitZeroOnSigtermWithEveryMemberMarkedClean() throws Exception {
        serve.awaitSyncIdle(Duration.ofSeconds(60));
        byte[] data = new byte[1 << 20];
        new SplittableRandom(23).nextBytes(data);
        try (RawNbdClient client = new RawNbdClient(serve.port()).go("md0", true, false)) {
            client.write(3 << 20, data);
        }

        assertEquals(0, serve.terminate(), "exit status after SIGTERM\n" + ServeProcess.tail(serve.log()));
        String log = serve.log();
        assertTrue(log.contains("md0: stopped cleanly"), log);
        assertFalse(Files.exists(dir.resolve("var").resolve("orion.sock")), "the control socket file is left behind");
        if (ExternalTool.find("mdadm") != null) {
            for (String disk : new String[] {"d0", "d1", "d2", "d3", "d4", "d5"}) {
                Path image = ServeConfig.image(dir, "sata0", disk);
                String examine = ExternalTool.run(dir, Duration.ofSeconds(30), "mdadm", "--examine", image.toString())
                        .assertOk("mdadm --examine " + image).out();
                assertTrue(examine.matches("(?s).*State : clean\\R.*"), examine);
                assertTrue(examine.contains("Raid Level : raid6"), examine);
            }
        }

        serve.start();
        String again = serve.log();
        assertFalse(again.contains("resync started"), "a clean stop must not cause a resync:\n" + again);
        assertEquals("raid6, clean", serve.readyState());
        try (RawNbdClient client = new RawNbdClient(serve.port()).go("md0", true, false)) {
            assertArrayEquals(data, client.read(3 << 20, data.length));
        }
    }
}
