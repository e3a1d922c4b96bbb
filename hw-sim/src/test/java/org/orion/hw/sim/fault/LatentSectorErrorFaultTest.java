package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.orion.hw.sim.fault.FaultRig.BLOCK;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Patterns;

class LatentSectorErrorFaultTest {
    @Test
    void shouldFailReadsOfBadSectorsUntilAWriteHealsThem() {
        // Sectors 16-23 are the third 4 KiB block.
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).latentSectorError(16, 8).build())) {
            assertEquals(IoStatus.OK, rig.read(BLOCK, new byte[BLOCK]), "the block before is fine");
            assertEquals(8, rig.disk.health().pendingSectors(), "armed at the first request");
            assertEquals(IoStatus.MEDIA_ERROR, rig.read(2 * BLOCK, new byte[BLOCK]));
            assertEquals(IoStatus.MEDIA_ERROR, rig.read(BLOCK, new byte[3 * BLOCK]), "any read touching them fails");
            HealthSnapshot sick = rig.disk.health();
            assertEquals(2, sick.mediaErrors());
            assertEquals(2, sick.uncorrectableErrors());

            byte[] data = Patterns.random(5, BLOCK);
            assertEquals(IoStatus.OK, rig.write(2 * BLOCK, data));
            byte[] back = new byte[BLOCK];
            assertEquals(IoStatus.OK, rig.read(2 * BLOCK, back));
            assertArrayEquals(data, back);
            HealthSnapshot healed = rig.disk.health();
            assertEquals(0, healed.pendingSectors());
            assertEquals(8, healed.reallocatedSectors(), "the drive remapped the rewritten sectors");
            assertEquals(0, rig.device.badSectorCount());
        }
    }

    @Test
    void shouldHealOnlyTheSectorsAWriteCovers() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).latentSectorError(16, 8).build())) {
            assertEquals(IoStatus.OK, rig.write(16 * 512, Patterns.random(6, 2048)));
            assertEquals(4, rig.disk.health().pendingSectors());
            assertEquals(IoStatus.OK, rig.read(16 * 512, new byte[2048]));
            assertEquals(IoStatus.MEDIA_ERROR, rig.read(16 * 512, new byte[BLOCK]));
        }
    }

    @Test
    void shouldAppearOnlyWhenItsTriggerFires() {
        FaultPlan plan = FaultPlan.of(1, new Fault.LatentSectorError(0, 1, Trigger.atOperation(5)));
        try (FaultRig rig = new FaultRig(plan)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(IoStatus.OK, rig.read(0, new byte[512]), "operation " + i);
            }
            assertEquals(IoStatus.MEDIA_ERROR, rig.read(0, new byte[512]));
        }
    }

    @Test
    void shouldFailExactlyTheBlocksDrawnFromTheSeed() {
        FaultPlan plan = FaultPlan.builder(31337)
                .randomLatentSectorErrors(3, FaultRig.CAPACITY_BYTES, Trigger.atOperation(0)).build();
        List<Long> expected = new ArrayList<>();
        for (Fault fault : plan.faults()) {
            long block = ((Fault.LatentSectorError) fault).firstSector() * 512 / BLOCK;
            if (!expected.contains(block)) {
                expected.add(block);
            }
        }
        expected.sort(null);
        try (FaultRig rig = new FaultRig(plan)) {
            List<Long> failing = new ArrayList<>();
            for (long block = 0; block < FaultRig.CAPACITY_BYTES / BLOCK; block++) {
                if (rig.read(block * BLOCK, new byte[BLOCK]) == IoStatus.MEDIA_ERROR) {
                    failing.add(block);
                }
            }
            assertEquals(expected, failing, plan.toString());
        }
    }
}
