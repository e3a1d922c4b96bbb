package org.orion.hw.sim;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;
import org.orion.driver.api.time.NanoClock;

/**
 * A disk with simulated latency on the system clock (completions delivered by the controller's
 * timer thread) keeps every rule of BlockDevice, including the queue depth and power loss.
 */
class TimedSimDiskContractTest extends AbstractBlockDeviceContractTest {
    private SimController controller;

    @Override
    protected BlockDevice createDevice() {
        SimDiskSpec spec = new SimDiskSpec("disk0", 8L << 20, 4096, 4096, null, true);
        LatencyModel latency = new LatencyModel(20_000, 30_000, 50_000, 100, 100);
        controller = SimController.create("sas0", SimPersonality.SAS, NanoClock.system(), latency, List.of(spec));
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
