package org.orion.hw.sim;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;
import org.orion.driver.api.time.NanoClock;

/**
 * A sparse-file disk with a volatile cache keeps every rule of BlockDevice. Its power cycle is the
 * hard one: power loss, then the controller is closed and the disk reopened from the same file, so
 * the durability tests also prove that the file holds exactly the durable content.
 */
class SparseFileSimDiskContractTest extends AbstractBlockDeviceContractTest {
    @TempDir
    Path directory;
    private SimController controller;
    private SimDiskSpec spec;

    @Override
    protected BlockDevice createDevice() {
        spec = new SimDiskSpec("disk0", 64L << 20, 512, 4096, directory.resolve("disk0.img"), true);
        controller = SimController.create("sata0", SimPersonality.SATA, NanoClock.system(), LatencyModel.ZERO,
                List.of(spec));
        return controller.disk(0);
    }

    @Override
    protected BlockDevice powerCycle(BlockDevice device) {
        ((SimDisk) device).powerLoss();
        controller.close();
        controller = SimController.create("sata0", SimPersonality.SATA, NanoClock.system(), LatencyModel.ZERO,
                List.of(spec));
        return controller.disk(0);
    }

    @AfterEach
    void closeController() {
        controller.close();
    }
}
