package org.orion.hw.sim;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;
import org.orion.driver.api.time.NanoClock;

/** A heap disk with a volatile cache and no latency keeps every rule of BlockDevice, including durability. */
class HeapSimDiskContractTest extends AbstractBlockDeviceContractTest {
    private SimController controller;

    @Override
    protected BlockDevice createDevice() {
        // 64 MiB so that the maximum-transfer refusal test runs (NVMe allows 2 MiB); heap chunks are lazy.
        SimDiskSpec spec = new SimDiskSpec("disk0", 64L << 20, 512, 4096, null, true);
        controller = SimController.create("nvme0", SimPersonality.NVME, NanoClock.system(), LatencyModel.ZERO,
                List.of(spec));
        return controller.disk(0);
    }

    @Override
    protected BlockDevice powerCycle(BlockDevice device) {
        ((SimDisk) device).powerLoss();
        return device;
    }

    @AfterEach
    void closeController() {
        controller.close();
    }
}
