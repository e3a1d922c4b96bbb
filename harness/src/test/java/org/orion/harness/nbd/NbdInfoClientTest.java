package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nbdinfo (libnbd) against exports on TCP and on a Unix socket. */
class NbdInfoClientTest {
    @TempDir
    Path dir;
    private TestDevices devices;
    private NbdServer server;

    @BeforeEach
    void serve() {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        devices = new TestDevices();
        server = NbdServer.builder().tcp("127.0.0.1", 0).unix(dir.resolve("nbd.sock"))
                .export("disk", devices.disk(64L << 20), false, "a simulated disk")
                .export("archive", devices.disk(8L << 20), true, "read-only copy")
                .build().start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (devices != null) {
            devices.close();
        }
    }

    @Test
    void shouldDescribeAnExportToNbdinfoOverTcp() throws Exception {
        String out = ExternalTool.run(dir, Duration.ofSeconds(30), "nbdinfo",
                "nbd://127.0.0.1:" + server.boundPort() + "/disk").assertOk("nbdinfo").out();
        assertTrue(out.contains("export-size: 67108864"), out);
        assertTrue(out.contains("description: a simulated disk"), out);
        assertTrue(out.contains("is_read_only: false"), out);
        assertTrue(out.contains("can_multi_conn: true"), out);
        assertTrue(out.contains("can_flush: true"), out);
        assertTrue(out.contains("can_fua: true"), out);
        assertTrue(out.contains("can_zero: true"), out);
        assertTrue(out.contains("can_trim: true"), out);
        assertTrue(out.contains("block_size_minimum: 1"), out);
        assertTrue(out.contains("block_size_maximum: 33554432"), out);
        assertTrue(out.contains("base:allocation"), out);
    }

    @Test
    void shouldListEveryExportToNbdinfoOverAUnixSocket() throws Exception {
        String out = ExternalTool.run(dir, Duration.ofSeconds(30), "nbdinfo", "--list",
                "nbd+unix:///?socket=" + dir.resolve("nbd.sock")).assertOk("nbdinfo --list").out();
        assertTrue(out.contains("export=\"disk\""), out);
        assertTrue(out.contains("export=\"archive\""), out);
        assertTrue(out.contains("is_read_only: true"), out);
        assertTrue(out.contains("read-only copy"), out);
    }

    @Test
    void shouldServeTheFirstExportToAClientAskingForTheDefaultName() throws Exception {
        String out = ExternalTool.run(dir, Duration.ofSeconds(30), "nbdinfo", "--size",
                "nbd://127.0.0.1:" + server.boundPort()).assertOk("nbdinfo --size").out();
        assertTrue(out.trim().equals("67108864"), out);
    }

    @Test
    void shouldMapTheWholeExportAsAllocatedData() throws Exception {
        String out = ExternalTool.run(dir, Duration.ofSeconds(30), "nbdinfo", "--map",
                "nbd://127.0.0.1:" + server.boundPort() + "/disk").assertOk("nbdinfo --map").out();
        assertTrue(out.contains("0    67108864    0  data") || out.matches("(?s)\\s*0\\s+67108864\\s+0\\s+data.*"), out);
    }
}
