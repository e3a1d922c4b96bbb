package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fio's nbd engine (libnbd): random writes and mixed read/write at queue depth 16, verified by crc32c. */
class FioClientTest {
    @TempDir
    Path dir;
    private TestDevices devices;
    private NbdServer server;

    @BeforeEach
    void serve() throws Exception {
        ExternalTool.require("fio", "fio");
        devices = new TestDevices();
        server = NbdServer.builder().tcp("127.0.0.1", 0)
                .export("disk", devices.disk(64L << 20), false, "")
                .export("md0", devices.raid6(16L << 20), false, "").build().start();
        ExternalTool.Result engines = ExternalTool.run(dir, Duration.ofSeconds(10), "fio", "--enghelp=nbd");
        org.junit.jupiter.api.Assumptions.assumeTrue(engines.out().contains("uri"),
                "this fio has no nbd engine (Debian's fio 3.33 has it); skipping");
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

    private String fio(String export, String rw, String size, String... extra) throws Exception {
        Path work = Files.createTempDirectory(dir, "fio"); // fio leaves *-verify.state files on failure
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("fio", "--name=" + rw,
                "--ioengine=nbd", "--uri=nbd://127.0.0.1:" + server.boundPort() + "/" + export, "--rw=" + rw,
                "--bs=4k", "--iodepth=16", "--size=" + size, "--verify=crc32c", "--verify_fatal=1"));
        cmd.addAll(java.util.List.of(extra));
        ExternalTool.Result r = ExternalTool.run(work, Duration.ofSeconds(90), cmd).assertOk("fio " + rw);
        assertTrue(r.out().contains("err= 0"), r.out());
        assertFalse(r.out().contains("verify:") && r.out().contains("bad"), r.out());
        return r.out();
    }

    @Test
    void shouldVerifyRandomWritesWithCrc32c() throws Exception {
        fio("disk", "randwrite", "64m");
    }

    @Test
    void shouldVerifyMixedRandomReadsAndWritesOnARaid6Array() throws Exception {
        fio("md0", "randrw", "32m", "--bsrange=4k-64k");
    }
}
