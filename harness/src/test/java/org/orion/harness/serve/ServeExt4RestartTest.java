package org.orion.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.nbd.Ext4OverNbd;

/**
 * A real file system across a restart of the kernel ({@link Ext4OverNbd}): ext4 written through
 * nbdfuse and a loop device onto md0 and fsck'd, then {@code orion serve} is stopped with SIGTERM
 * and started again, and a fresh nbdfuse and loop device read every file back by sha256. Root only;
 * watchdogs keep a hung server from wedging the build.
 */
@Tag("serve")
@Tag("root")
class ServeExt4RestartTest {
    private static final long WATCHDOG_SECONDS = 150;

    @TempDir
    Path dir;
    private ServeProcess serve;
    private Ext4OverNbd ext4;

    @BeforeEach
    void setUp() throws Exception {
        Ext4OverNbd.assumeUsable();
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(40L << 20), dir.resolve("orion"));
        ext4 = new Ext4OverNbd(dir, WATCHDOG_SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (ext4 != null) {
                ext4.close();
            }
        } finally {
            if (serve != null) {
                serve.close();
            }
        }
    }

    @Test
    void shouldKeepEveryFileOfAnExt4FileSystemAcrossARestartOfServe() throws Exception {
        Map<String, String> expected = Ext4OverNbd.makeFiles(dir.resolve("files"), 2024, 30, 4 << 20);
        ext4.fill(serve.uri(), dir.resolve("files"));

        assertEquals(0, serve.terminate(), "exit status after SIGTERM\n" + ServeProcess.tail(serve.log()));
        serve.start();

        ext4.verify(serve.uri(), expected);
    }
}
