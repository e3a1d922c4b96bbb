package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;

/** The BlockDevice rules on a regular file on the build disk (ext4 here), with O_DIRECT in effect. */
class LinuxBlockDeviceOnDirectFileContractTest extends AbstractBlockDeviceContractTest {
    private Path file;

    @Override
    protected BlockDevice createDevice() throws Exception {
        file = TestFiles.sparseFile(TestFiles.targetDir(), "contract-direct", 8L << 20);
        return LinuxDevices.open(file, LinuxOpenOptions.defaults());
    }

    @AfterEach
    void deleteFile() throws Exception {
        Files.deleteIfExists(file);
    }

    @Test
    void shouldUseODirectOnTheBuildFileSystem() {
        assertTrue(((LinuxBlockDevice) device).isDirect(), "O_DIRECT works on " + file + ", it must be used");
    }
}
