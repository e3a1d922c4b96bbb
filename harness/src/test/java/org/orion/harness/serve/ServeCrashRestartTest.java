package org.orion.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.nbd.ExternalTool;
import org.orion.harness.nbd.TestFiles;

/**
 * kill -9 of a serving kernel (a crash, or a power loss of the host): the superblocks stay "active",
 * so the next start must resync parity, and everything the client had written and flushed before
 * the kill must read back, even while that resync runs.
 */
@Tag("serve")
class ServeCrashRestartTest {
    private static final long WRITTEN_BYTES = 24L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;
    private ServeProcess serve;

    @BeforeEach
    void startServe() throws Exception {
        ExternalTool.require("nbdcopy", "libnbd-bin");
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(24L << 20), dir);
    }

    @AfterEach
    void stopServe() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void shouldResyncAfterKillNineAndReadBackEveryFlushedByte() throws Exception {
        // The first start's creation resync must be over, so that a resync after the restart can
        // only come from the kill.
        serve.awaitSyncIdle(TIMEOUT);
        Path written = TestFiles.random(dir.resolve("written.img"), WRITTEN_BYTES, 99, 8L << 20, 2L << 20);
        ExternalTool.run(dir, TIMEOUT, "nbdcopy", "--flush", written.toString(), serve.uri()).assertOk("nbdcopy --flush");

        serve.kill9();
        if (ExternalTool.find("mdadm") != null) {
            String examine = ExternalTool.run(dir, TIMEOUT, "mdadm", "--examine",
                    ServeConfig.image(dir, "sata0", "d3").toString()).assertOk("mdadm --examine").out();
            assertTrue(examine.matches("(?s).*State : active\\R.*"), "after kill -9 the member must still say active:\n"
                    + examine);
        }

        serve.start();
        String log = serve.log();
        assertTrue(log.contains("md0: was not stopped cleanly: resync"), log);
        assertTrue(log.contains("md0: resync started"), log);
        Path back = dir.resolve("back.img");
        ExternalTool.run(dir, TIMEOUT, "nbdcopy", serve.uri(), back.toString()).assertOk("nbdcopy out");
        assertEquals(TestFiles.sha256(written), sha256OfPrefix(back, WRITTEN_BYTES),
                "flushed data differs after kill -9 and restart");
        serve.awaitSyncIdle(TIMEOUT);
        assertTrue(serve.log().contains("md0: resync finished"), ServeProcess.tail(serve.log()));
    }

    private static String sha256OfPrefix(Path file, long bytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            long left = bytes;
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; left -= n) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
