package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;

/**
 * The BlockDevice rules on a file in tmpfs (/dev/shm), opened buffered as asked. (tmpfs accepts
 * O_DIRECT since Linux 6.6, so the refusal fallback is tested on ramfs in
 * {@link BufferedFallbackTest}.)
 */
class LinuxBlockDeviceOnShmContractTest extends AbstractBlockDeviceContractTest {
    private Path file;

    @Override
    protected BlockDevice createDevice() throws Exception {
        Path shm = Paths.get("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "/dev/shm is not available on this host");
        file = TestFiles.sparseFile(shm, "orion-contract-shm", 4L << 20);
        return LinuxDevices.open(file, LinuxOpenOptions.defaults().withDirect(false));
    }

    @AfterEach
    void deleteFile() throws Exception {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldRunBufferedWhenAskedTo() {
        assertFalse(((LinuxBlockDevice) device).isDirect());
    }
}
