package org.orion.hw.sim.fault;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/**
 * A FaultyBlockDevice whose faults do not strike is indistinguishable from the disk it wraps: with
 * an empty plan (the pass-through path) and with a plan of every fault kind at probability zero
 * (the full decision path, which must not disturb anything either).
 */
class FaultyBlockDeviceContractTest {
    abstract static class OverHeapDisk extends AbstractBlockDeviceContractTest {
        private SimController controller;

        abstract FaultPlan plan();

        @Override
        protected BlockDevice createDevice() {
            controller = SimController.create("nvme0", SimPersonality.NVME, NanoClock.system(), LatencyModel.ZERO,
                    List.of(new SimDiskSpec("disk0", 8L << 20, 512, 4096, null, true)));
            return new FaultyBlockDevice(controller.disk(0), plan());
        }

        @Override
        protected BlockDevice powerCycle(BlockDevice device) {
            ((FaultyBlockDevice) device).powerLoss();
            return device;
        }

        @AfterEach
        void closeController() {
            controller.close();
        }
    }

    @Nested
    class WithAnEmptyPlan extends OverHeapDisk {
        @Override
        FaultPlan plan() {
            return FaultPlan.none();
        }
    }

    @Nested
    class WithFaultsThatNeverStrike extends OverHeapDisk {
        @Override
        FaultPlan plan() {
            Trigger never = Trigger.withProbability(0.0);
            return FaultPlan.builder(42)
                    .failStop(never)
                    .add(new Fault.LatentSectorError(100, 8, never))
                    .bitFlipOnRead(never)
                    .lostWrite(never)
                    .misdirectedWrite(never)
                    .add(new Fault.SlowIo(never, 1_000_000))
                    .timeout(never, 1_000_000)
                    .tornWritesAtPowerLoss(0.0)
                    .build();
        }
    }
}
