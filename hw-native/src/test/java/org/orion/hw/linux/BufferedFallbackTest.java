package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.testing.Patterns;

/**
 * A file system that refuses O_DIRECT with EINVAL on open (ramfs: it has no direct-I/O path) gets
 * buffered I/O, or a clear refusal when the fallback is not allowed.
 */
@Tag("root")
class BufferedFallbackTest {
    private static Path mountPoint;
    private static boolean mounted;

    @BeforeAll
    static void mountRamfs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting ramfs needs root");
        mountPoint = Files.createTempDirectory(TestFiles.targetDir(), "ramfs");
        HostTools.run("mount", "-t", "ramfs", "ramfs", mountPoint.toString());
        mounted = true;
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            HostTools.run("umount", mountPoint.toString());
            Files.deleteIfExists(mountPoint); // ramfs contents vanish with the unmount
        }
    }

    @Test
    void shouldFallBackToBufferedIoWhereTheFileSystemRefusesODirect() throws Exception {
        Path file = TestFiles.sparseFile(mountPoint, "member", 1L << 20);
        try (LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults())) {
            assertFalse(device.isDirect());
            byte[] data = Patterns.random(42, 8192);
            SyncIo.writeBytes(device, 4096, data, 0);
            assertArrayEquals(data, SyncIo.readBytes(device, 4096, 8192));
        }
    }

    @Test
    void shouldRefuseClearlyWhenBufferedFallbackIsNotAllowed() throws Exception {
        Path file = TestFiles.sparseFile(mountPoint, "strict", 1L << 20);
        OrionException e = assertThrows(OrionException.class,
                () -> LinuxDevices.open(file, LinuxOpenOptions.defaults().withBufferedFallback(false)));
        assertEquals(ErrorCode.UNSUPPORTED, e.code());
        assertEquals(true, e.getMessage().contains("O_DIRECT"), e.getMessage());
    }
}
