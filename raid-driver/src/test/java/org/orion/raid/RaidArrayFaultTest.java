package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.hw.sim.fault.Trigger;
import org.orion.raid.array.MemberState;

/** Arrays meeting failing members: media errors, members whose writes fail, and losses beyond the redundancy. */
class RaidArrayFaultTest {
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;
    private static final long SEED = Long.getLong("orion.test.seed", 42L);

    private static byte[] fill(RaidArray array, long seed) {
        return ArrayFixture.fillWithPattern(array, seed, 128 * 1024);
    }

    private static byte[] readAll(RaidArray array) {
        int capacity = (int) array.info().capacityBytes();
        byte[] all = new byte[capacity];
        for (int off = 0; off < capacity; off += 128 * 1024) {
            int len = Math.min(128 * 1024, capacity - off);
            System.arraycopy(Completions.read(array, off, len), 0, all, off, len);
        }
        return all;
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,3", "5,left-symmetric,4", "5,parity-first,5", "6,left-symmetric,6", "6,left-asymmetric-6,5", "10,n2,4",
            "10,f2,4", "10,o2,3"})
    void shouldServeReadsFromRedundancyAndRewriteSectorsThatReturnMediaErrors(int level, String layout, int members) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        byte[] data = fill(f.array, SEED);
        FaultyBlockDevice[] faulty = new FaultyBlockDevice[members];
        f.reopenWith(slot -> d -> {
            if (slot != 1) {
                return d;
            }
            faulty[slot] = new FaultyBlockDevice(d, FaultPlan.builder(SEED + slot)
                    .randomLatentSectorErrors(64, DISK_BYTES, Trigger.atOperation(0)).build());
            return faulty[slot];
        });
        // Twice: mirrors rotate the copy they read, so the second pass meets other copies.
        assertArrayEquals(data, readAll(f.array), "every byte reads back despite media errors [seed " + SEED + "]");
        assertArrayEquals(data, readAll(f.array), "and again [seed " + SEED + "]");
        assertTrue(f.count("ReadErrorCorrected") > 0, "corrections reported as events");
        assertTrue(f.events.stream().filter(e -> e instanceof DriverEvent.ReadErrorCorrected)
                .allMatch(e -> ((DriverEvent.ReadErrorCorrected) e).rewriteSucceeded()), "every rewrite succeeded");
        assertTrue(faulty[1].badSectorCount() < 64 * 8, "rewrites healed sectors: " + faulty[1].badSectorCount() + " left");
        for (DriverEvent e : f.events) {
            if (e instanceof DriverEvent.ReadErrorCorrected c) {
                IoStatus status = Completions.run(faulty[1], IoOp.READ, c.memberOffsetBytes(), c.lengthBytes(),
                        ByteBuffer.allocate(c.lengthBytes()), 0, 0);
                assertEquals(IoStatus.OK, status, "corrected range " + c.memberOffsetBytes() + " reads again");
            }
        }
        assertEquals(MemberState.IN_SYNC, f.array.device().memberStates()[1], "a media error does not fail the member");
        assertTrue(f.array.device().engine().readErrorsCorrected() > 0);
        f.array.close();
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,2", "4,,4", "5,right-symmetric,4", "6,right-asymmetric,5", "10,n2,4"})
    void shouldMarkAMemberFaultyWhenItsWritesFailAndGoOnDegraded(int level, String layout, int members) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        byte[] data = fill(f.array, SEED + 1);
        f.reopenWith(slot -> slot == 0
                ? d -> new FaultyBlockDevice(d, FaultPlan.builder(SEED).failStop(Trigger.atOperation(0)).build())
                : UnaryOperator.identity());
        byte[] more = Patterns.random(SEED + 2, 64 * 1024);
        Completions.assertOk(Completions.write(f.array, 32 * 1024, more), "write while member 0 vanishes");
        System.arraycopy(more, 0, data, 32 * 1024, more.length);
        assertEquals(MemberState.FAULTY, f.array.device().memberStates()[0]);
        assertEquals("degraded", f.array.status().state());
        assertEquals(1, f.count("Fail"), "one Fail event");
        assertTrue(f.count("DegradedArray") >= 1, "a DegradedArray event");
        assertArrayEquals(data, readAll(f.array), "degraded array still returns every byte");
        f.array.close();
    }

    @Test
    void shouldFailRequestsCleanlyWhenMoreMembersAreGoneThanRaid5CanSurvive() throws Exception {
        ArrayFixture f = ArrayFixture.build(5, "left-symmetric", 4, CHUNK, DISK_BYTES);
        byte[] data = fill(f.array, SEED + 3);
        f.array.failMember(0);
        f.array.failMember(2);
        while (f.count("ArrayFailed") == 0) {
            Thread.sleep(1);
        }
        assertEquals("failed", f.array.status().state());
        assertEquals(1, f.count("ArrayFailed"));
        int served = 0;
        int failed = 0;
        for (int off = 0; off < data.length; off += CHUNK) {
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
            IoStatus status = Completions.run(f.array, IoOp.READ, off, CHUNK, buffer, 0, 0);
            if (status == IoStatus.OK) {
                served++;
                assertArrayEquals(Arrays.copyOfRange(data, off, off + CHUNK), buffer.array(), "a served read is right");
            } else {
                failed++;
                assertEquals(IoStatus.NO_DEVICE, status, "a lost chunk fails with a clear status");
            }
        }
        assertTrue(served > 0 && failed > 0, "chunks on surviving members still read, lost ones fail: " + served + "/" + failed);
        assertEquals(IoStatus.NO_DEVICE, Completions.write(f.array, 0, new byte[4096]), "writes fail");
        f.array.close();
    }

    @Test
    void shouldRecoverFromQWhenRaid6HasAMissingMemberAndAMediaErrorInTheSameStripe() {
        ArrayFixture f = ArrayFixture.build(6, "left-symmetric", 5, CHUNK, DISK_BYTES);
        byte[] data = fill(f.array, SEED + 4);
        f.reopenWith(slot -> slot == 3
                ? d -> new FaultyBlockDevice(d, FaultPlan.builder(SEED).latentSectorError(0, DISK_BYTES / 512).build())
                : UnaryOperator.identity());
        f.array.failMember(1);
        assertArrayEquals(data, readAll(f.array), "two unreadable members per stripe are still within RAID6");
        assertEquals(MemberState.IN_SYNC, f.array.device().memberStates()[3]);
        f.array.close();
    }
}
