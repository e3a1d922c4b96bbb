package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.block.BlockDevice;

/** nbdcopy (libnbd, several connections with MULTI_CONN) copying into and out of an export. */
class NbdCopyClientTest {
    private static final long ARRAY_BYTES = 128L << 20;

    @TempDir
    Path dir;
    private TestDevices devices;
    private NbdServer server;

    @BeforeEach
    void setUp() {
        ExternalTool.require("nbdcopy", "libnbd-bin");
        devices = new TestDevices();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (devices != null) {
            devices.close();
        }
    }

    @Test
    void shouldCopy128MiBIntoAndOutOfARaid6ArrayWithMatchingSha256() throws Exception {
        BlockDevice array = devices.raid6(32L << 20);
        assertEquals(ARRAY_BYTES, array.info().capacityBytes());
        server = NbdServer.builder().tcp("127.0.0.1", 0).export("md0", array, false, "RAID6").build().start();
        String uri = "nbd://127.0.0.1:" + server.boundPort() + "/md0";
        // First random data everywhere, then a file with an 8 MiB hole, so the second copy has to
        // replace data with zeroes (nbdcopy sends WRITE_ZEROES for the hole).
        Path first = TestFiles.random(dir.resolve("first.img"), ARRAY_BYTES, 1, 0, 0);
        ExternalTool.run(dir, Duration.ofSeconds(60), "nbdcopy", first.toString(), uri).assertOk("nbdcopy in");
        Path second = TestFiles.random(dir.resolve("second.img"), ARRAY_BYTES, 2, 40L << 20, 8L << 20);
        ExternalTool.run(dir, Duration.ofSeconds(60), "nbdcopy", "--flush", second.toString(), uri)
                .assertOk("nbdcopy in with a hole");
        Path back = dir.resolve("back.img");
        ExternalTool.run(dir, Duration.ofSeconds(60), "nbdcopy", uri, back.toString()).assertOk("nbdcopy out");
        assertEquals(TestFiles.sha256(second), TestFiles.sha256(back));
    }

    @Test
    void shouldCopyThroughAUnixSocket() throws Exception {
        server = NbdServer.builder().unix(dir.resolve("nbd.sock")).export("disk", devices.disk(64L << 20), false, "")
                .build().start();
        String uri = "nbd+unix:///disk?socket=" + dir.resolve("nbd.sock");
        Path source = TestFiles.random(dir.resolve("src.img"), 64L << 20, 3, 0, 0);
        ExternalTool.run(dir, Duration.ofSeconds(60), "nbdcopy", source.toString(), uri).assertOk("nbdcopy in");
        Path back = dir.resolve("back.img");
        ExternalTool.run(dir, Duration.ofSeconds(60), "nbdcopy", uri, back.toString()).assertOk("nbdcopy out");
        assertEquals(TestFiles.sha256(source), TestFiles.sha256(back));
    }
}
