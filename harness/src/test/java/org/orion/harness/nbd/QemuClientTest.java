package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** qemu-img and qemu-io (qemu's NBD client) against a RAID6 export, on TCP and a Unix socket. */
class QemuClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private TestDevices devices;
    private NbdServer server;
    private String tcpUri;
    private String unixUri;

    @BeforeEach
    void serve() {
        ExternalTool.require("qemu-img", "qemu-utils");
        ExternalTool.require("qemu-io", "qemu-utils");
        devices = new TestDevices();
        server = NbdServer.builder().tcp("127.0.0.1", 0).unix(dir.resolve("nbd.sock"))
                .export("md0", devices.raid6(16L << 20), false, "RAID6").build().start();
        tcpUri = "nbd://127.0.0.1:" + server.boundPort() + "/md0";
        unixUri = "nbd+unix:///md0?socket=" + dir.resolve("nbd.sock");
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
    void shouldConvertAnImageOntoTheExportAndCompareEqualOverTcpAndUnix() throws Exception {
        Path image = TestFiles.random(dir.resolve("image.raw"), 64L << 20, 11, 16L << 20, 4L << 20);
        ExternalTool.run(dir, TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(), tcpUri)
                .assertOk("qemu-img convert -n");
        ExternalTool.run(dir, TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(), tcpUri)
                .assertOk("qemu-img compare over TCP");
        ExternalTool.run(dir, TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(), unixUri)
                .assertOk("qemu-img compare over a Unix socket");
        Path other = TestFiles.random(dir.resolve("other.raw"), 64L << 20, 12, 0, 0);
        ExternalTool.Result differs = ExternalTool.run(dir, TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw",
                other.toString(), tcpUri);
        assertEquals(1, differs.exitCode(), "compare must notice different content: " + differs.out());
    }

    @Test
    void shouldReadBackPatternsWrittenAtUnalignedOffsetsFromASecondConnection() throws Exception {
        List<String> writes = List.of("-c", "write -P 0xab 1 3", "-c", "write -P 0xcd 513 1000",
                "-c", "write -P 0x5a 65535 131074", "-c", "aio_write -P 0x11 1048577 4095",
                "-c", "aio_flush", "-c", "write -z 2097153 70000", "-c", "discard 4194304 1048576",
                "-c", "writev -P 0x22 8388609 511 513");
        ExternalTool.Result write = ExternalTool.run(dir, TIMEOUT, cat(List.of("qemu-io", "-f", "raw", tcpUri), writes));
        write.assertOk("qemu-io writes");
        List<String> reads = List.of("-c", "read -P 0xab 1 3", "-c", "read -P 0 0 1", "-c", "read -P 0 4 509",
                "-c", "read -P 0xcd 513 1000", "-c", "read -P 0x5a 65535 131074", "-c", "read -P 0 196609 1",
                "-c", "read -P 0x11 1048577 4095", "-c", "read -P 0 2097153 70000",
                "-c", "read -P 0x22 8388609 1024");
        ExternalTool.Result read = ExternalTool.run(dir, TIMEOUT, cat(List.of("qemu-io", "-f", "raw", "-r", unixUri), reads));
        read.assertOk("qemu-io pattern reads");
        assertFalse(read.out().contains("Pattern verification failed"), read.out());
        assertTrue(read.out().contains("read 3/3 bytes at offset 1"), read.out());
    }

    private static List<String> cat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
