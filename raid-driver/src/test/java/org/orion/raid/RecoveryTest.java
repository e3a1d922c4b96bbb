package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.array.MemberState;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncResult;

/**
 * Rebuilding a slot onto a new member while clients keep writing: after a recovery (slot failed)
 * or a hot replace (slot still serving) the new member holds exactly what the slot must hold, so
 * the array survives losing a different member afterwards and a check finds nothing.
 */
class RecoveryTest {
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;

    /** A new member that takes 200 us per write, so client writes overlap the rebuild. */
    private static BlockDevice spare() {
        return SimController.create("spare", SimPersonality.NVME, NanoClock.system(),
                LatencyModel.of(0, 200_000, 0, 4L << 30),
                List.of(new SimDiskSpec("s0", DISK_BYTES, 512, 4096, null, false))).disks().get(0);
    }

    private static SyncResult rebuild(RaidArray array, int slot, BlockDevice target) throws Exception {
        return Passes.recover(array, slot, target).get(60, TimeUnit.SECONDS);
    }

    private static SyncResult check(RaidArray array) throws Exception {
        return Passes.run(array, SyncKind.CHECK);
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}, {3}")
    @CsvSource({"5,left-symmetric,4,recover", "5,right-asymmetric,5,replace", "6,left-symmetric,5,recover",
            "6,left-asymmetric-6,6,replace", "1,,3,recover", "1,,2,replace", "10,n2,4,recover", "10,f2,4,replace",
            "10,o2,3,recover", "4,,4,recover"})
    void shouldRebuildASlotWhileWritersRunSoThatALaterFailureLosesNothing(int level, String layout, int members,
                                                                         String mode) throws Exception {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        RaidArray array = f.array;
        int capacity = (int) array.info().capacityBytes();
        byte[] model = Patterns.random(level * 31L + members, capacity);
        Completions.assertOk(Completions.write(array, 0, model.clone()), "fill");
        int slot = 1;
        if (mode.equals("recover")) {
            array.failMember(slot);
        }
        BlockDevice target = spare();
        AtomicBoolean stop = new AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            SplittableRandom random = new SplittableRandom(7);
            while (!stop.get()) {
                int offset = random.nextInt(capacity / 4096) * 4096;
                byte[] data = Patterns.random(random.nextLong(), 4096);
                Completions.assertOk(Completions.write(array, offset, data), "write during rebuild");
                synchronized (model) {
                    System.arraycopy(data, 0, model, offset, 4096);
                }
                writes.incrementAndGet();
            }
        });
        while (writes.get() < 20) {
            Thread.sleep(1);
        }
        SyncResult result = rebuild(array, slot, target);
        long during = writes.get();
        stop.set(true);
        writer.get(30, TimeUnit.SECONDS);
        assertTrue(writes.get() - during >= 0 && during > 20, "client writes ran during the rebuild: " + during);
        assertEquals(0, result.mismatchBytes(), "every reconstructed block decoded back consistently");
        assertSame(target, array.device().members().get(slot).device(), "the new member holds the slot");
        assertEquals(MemberState.IN_SYNC, array.device().memberStates()[slot]);
        assertEquals(0, check(array).mismatchBytes(), "redundancy is consistent after the rebuild");

        int other = slot == 0 ? 1 : 0;
        array.failMember(other);
        assertArrayEquals(model, Completions.read(array, 0, capacity),
                "with another member gone the rebuilt one supplies its share");
        assertTrue(f.awaitCount("Fail", 1) >= 1, "the failure was reported");
        array.close();
    }
}
