package org.orion.harness.nbd;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ext4 file system on a RAID6 export ({@link Ext4OverNbd}): written through nbdfuse and a
 * loop device, fsck'd, then every file read back through a fresh nbdfuse and loop device. Root only;
 * watchdogs keep a hung server from wedging the build.
 */
@Tag("root")
class NbdFuseExt4Test {
    private static final long WATCHDOG_SECONDS = 100;

    @TempDir
    java.nio.file.Path dir;
    private TestDevices devices;
    private NbdServer server;
    private Ext4OverNbd ext4;

    @BeforeEach
    void setUp() throws Exception {
        Ext4OverNbd.assumeUsable();
        devices = new TestDevices();
        server = NbdServer.builder().tcp("127.0.0.1", 0)
                .export("md0", devices.raid6(32L << 20), false, "RAID6 for ext4").build().start();
        ext4 = new Ext4OverNbd(dir, WATCHDOG_SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (ext4 != null) {
                ext4.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (devices != null) {
                devices.close();
            }
        }
    }

    @Test
    void shouldKeepEveryFileOfAnExt4FileSystemOnARaid6Export() throws Exception {
        String uri = "nbd://127.0.0.1:" + server.boundPort() + "/md0";
        Map<String, String> expected = Ext4OverNbd.makeFiles(dir.resolve("files"), 42, 24, 3 << 20);
        ext4.fill(uri, dir.resolve("files"));
        ext4.verify(uri, expected);
    }
}
