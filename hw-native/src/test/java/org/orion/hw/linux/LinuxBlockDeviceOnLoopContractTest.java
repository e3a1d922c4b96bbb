package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;

/** The BlockDevice rules on a real loop block device, opened exclusively with O_DIRECT. */
@Tag("root")
class LinuxBlockDeviceOnLoopContractTest extends AbstractBlockDeviceContractTest {
    private static Path backing;
    private static Path loop;

    @BeforeAll
    static void attach() throws Exception {
        String reason = HostTools.loopUnavailableReason();
        assumeTrue(reason == null, reason);
        backing = TestFiles.sparseFile(TestFiles.targetDir(), "contract-loop", 16L << 20);
        loop = HostTools.attachLoop(backing);
    }

    @AfterAll
    static void detach() throws Exception {
        HostTools.detachAll();
        if (backing != null) {
            Files.deleteIfExists(backing);
        }
    }

    @Override
    protected BlockDevice createDevice() {
        return LinuxDevices.open(loop, LinuxOpenOptions.defaults());
    }

    @Test
    void shouldTakeItsGeometryFromTheBlockDeviceIoctls() {
        LinuxBlockDevice linux = (LinuxBlockDevice) device;
        assertEquals(MemberKind.BLOCK_DEVICE, linux.kind());
        assertEquals(16L << 20, info.capacityBytes());
        assertEquals(512, info.logicalBlockBytes());
        assertEquals(true, linux.isDirect());
        assertEquals(true, linux.sysfsDevice().isPresent(), "a block device has a sysfs directory");
    }
}
