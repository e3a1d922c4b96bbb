package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.hw.sim.fault.FaultRig.BLOCK;
import static org.orion.hw.sim.fault.FaultRig.slice;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Patterns;

/** At power loss, unflushed writes tear per physical block as the seed decides; durable data never does. */
class TornWriteFaultTest {
    private static final int BLOCKS = 16;

    /** Durable old content, then new content written in 512-byte pieces and not flushed; returns the new content. */
    private static byte[] prepare(FaultRig rig, byte[] old) {
        assertEquals(IoStatus.OK, rig.run(IoOp.WRITE, 0, java.nio.ByteBuffer.wrap(old), old.length, IoRequest.FLAG_FUA));
        byte[] fresh = Patterns.random(2, old.length);
        for (int offset = 0; offset < fresh.length; offset += 512) {
            assertEquals(IoStatus.OK, rig.write(offset, Arrays.copyOfRange(fresh, offset, offset + 512)));
        }
        return fresh;
    }

    /** How many physical blocks kept the new content; fails if any block is a mix. */
    private static int keptBlocks(byte[] after, byte[] old, byte[] fresh) {
        int kept = 0;
        for (int b = 0; b < BLOCKS; b++) {
            byte[] got = slice(after, b * BLOCK, (b + 1) * BLOCK);
            boolean isNew = Arrays.equals(got, slice(fresh, b * BLOCK, (b + 1) * BLOCK));
            boolean isOld = Arrays.equals(got, slice(old, b * BLOCK, (b + 1) * BLOCK));
            assertTrue(isNew || isOld, "physical block " + b + " is a mix of old and new");
            kept += isNew ? 1 : 0;
        }
        return kept;
    }

    @Test
    void shouldTearUnflushedWritesPerPhysicalBlockAsTheSeedDecides() {
        byte[] old = Patterns.random(1, BLOCKS * BLOCK);
        String pattern = null;
        for (int run = 0; run < 2; run++) {
            try (FaultRig rig = new FaultRig(FaultPlan.builder(2026).tornWritesAtPowerLoss(0.5).build())) {
                byte[] fresh = prepare(rig, old);
                rig.device.powerLoss();
                byte[] after = rig.onDisk(0, BLOCKS * BLOCK);
                int kept = keptBlocks(after, old, fresh);
                assertTrue(kept > 0 && kept < BLOCKS, "seed 2026 keeps some blocks and loses others: " + kept);
                assertEquals(kept, rig.device.injections().get(0).detail(), "the injection counts the kept blocks");
                String thisRun = Arrays.toString(after);
                if (pattern != null) {
                    assertEquals(pattern, thisRun, "the same seed tears the same blocks");
                }
                pattern = thisRun;
            }
        }
    }

    @Test
    void shouldTearDifferentlyWithAnotherSeed() {
        byte[] old = Patterns.random(1, BLOCKS * BLOCK);
        byte[][] afters = new byte[2][];
        long[] seeds = {2026, 2027};
        for (int i = 0; i < 2; i++) {
            try (FaultRig rig = new FaultRig(FaultPlan.builder(seeds[i]).tornWritesAtPowerLoss(0.5).build())) {
                prepare(rig, old);
                rig.device.powerLoss();
                afters[i] = rig.onDisk(0, BLOCKS * BLOCK);
            }
        }
        assertTrue(!Arrays.equals(afters[0], afters[1]), "seeds 2026 and 2027 tear the same blocks");
    }

    @Test
    void shouldLoseEveryUnflushedWriteWithoutATornFaultAndKeepEveryOneAtCertainSurvival() {
        byte[] old = Patterns.random(1, BLOCKS * BLOCK);
        try (FaultRig rig = new FaultRig(FaultPlan.none())) {
            prepare(rig, old);
            rig.device.powerLoss();
            assertArrayEquals(old, rig.onDisk(0, BLOCKS * BLOCK));
        }
        try (FaultRig rig = new FaultRig(FaultPlan.builder(1).tornWritesAtPowerLoss(1.0).build())) {
            byte[] fresh = prepare(rig, old);
            rig.device.powerLoss();
            assertArrayEquals(fresh, rig.onDisk(0, BLOCKS * BLOCK));
        }
    }

    @Test
    void shouldNeverTearDurableWrites() {
        try (FaultRig rig = new FaultRig(FaultPlan.builder(3).tornWritesAtPowerLoss(0.5).build())) {
            byte[] flushed = Patterns.random(7, BLOCKS * BLOCK);
            assertEquals(IoStatus.OK, rig.write(0, flushed));
            assertEquals(IoStatus.OK, rig.flush());
            rig.device.powerLoss();
            assertArrayEquals(flushed, rig.onDisk(0, BLOCKS * BLOCK));
        }
    }
}
