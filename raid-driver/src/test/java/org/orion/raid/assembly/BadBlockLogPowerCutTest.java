package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.raid.assembly.LostRangeRig.CHUNK;
import static org.orion.raid.assembly.LostRangeRig.REBUILT;
import static org.orion.raid.assembly.LostRangeRig.sb;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.raid.md.BadBlockLog;
import org.orion.raid.md.BadBlockLogArea;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;

/**
 * Power cuts around the bad-block log, on disks with volatile write caches: between the log write
 * that ends a lossy rebuild and the superblocks that follow it, and right after a healing write
 * was acknowledged. After the power comes back, no read returns wrong data: a lost range reads as
 * an error, everything else as written.
 */
class BadBlockLogPowerCutTest {
    private static final long SEED = 4242;
    /** Where a 1.2 superblock lives on a member. */
    private static final long SUPERBLOCK_BYTES = 4096;

    /**
     * The rebuild's end writes the target's log, then the superblocks of slots 0, 1, 2 (the
     * target) and 3: the power goes off before the {@code n}th of them.
     */
    @ParameterizedTest(name = "before superblock write {0} after the log")
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldNeverServeALostBlockWhenPowerFailsBetweenTheLogAndTheSuperblocks(int n) throws Exception {
        LostRangeRig rig = LostRangeRig.failed(5, SEED + n, true, SimDiskSpec.heap("new", 8L << 20)
                .withVolatileCache(true), LatencyModel.ZERO, true);
        AtomicBoolean logWritten = new AtomicBoolean();
        AtomicInteger superblocksAfter = new AtomicInteger();
        long logBytes = (sb(rig.devices.get(0)).superOffsetSectors() + sb(rig.devices.get(0)).bblogOffsetSectors()) * 512;
        rig.power.cutBefore((device, request) -> {
            if (request.op() != IoOp.WRITE) {
                return false;
            }
            if (device == rig.target && overlaps(request, logBytes, 4096)) {
                logWritten.set(true);
                return false;
            }
            return logWritten.get() && overlaps(request, SUPERBLOCK_BYTES, 4096)
                    && superblocksAfter.incrementAndGet() == n;
        });
        rig.startRebuild();
        LostRangeRig.waitFor(rig.power::isOff, "the power cut");

        rig.powerBackOn();
        Superblock1 own = sb(rig.target);
        assertEquals(n <= 3, own.hasFeature(FeatureMap.RECOVERY_OFFSET),
                "recovering unless its in-sync superblock was written before the cut: " + own);
        rig.awaitRebuild();
        own = sb(rig.target);
        assertFalse(own.hasFeature(FeatureMap.RECOVERY_OFFSET), "in sync now");
        assertEquals(List.of(new BadBlockLog.Range(own.dataOffsetSectors() + rig.stripe * CHUNK / 512, CHUNK / 512)),
                BadBlockLogArea.read(rig.target, own).ranges(), "the lost block is in the log");
        rig.assertReportedRangesFail();
        rig.assertEverythingElseReads(rig.data);
        rig.md.close();
    }

    /**
     * A write over the lost ranges is acknowledged only once the log no longer holds them, and the
     * new data on the target was flushed before that: a cut right after the acknowledgement must
     * bring back the new data of the target's block, not an error and not the stale bytes the
     * rebuild never wrote. (The survivor's block was written without FUA: it may come back old.)
     */
    @Test
    void shouldKeepAnAcknowledgedHealingWriteThroughAPowerCut() throws Exception {
        LostRangeRig rig = LostRangeRig.rebuilt(5, SEED, true);
        long start = Long.MAX_VALUE;
        long end = 0;
        for (ByteRange r : rig.reportedLost()) {
            start = Math.min(start, r.startBytes());
            end = Math.max(end, r.endBytes());
        }
        byte[] fresh = Patterns.random(SEED + 1, (int) (end - start));
        assertEquals(IoStatus.OK, Completions.run(rig.md.array(), IoOp.WRITE, start, fresh.length, ByteBuffer.wrap(fresh),
                0, 0), "the healing write, without FUA");
        rig.power.cut();

        rig.powerBackOn();
        assertFalse(sb(rig.target).hasFeature(FeatureMap.BAD_BLOCKS), "the cleared log survived the cut");
        assertTrue(rig.md.resyncedAtStart(), "the array was active: it resyncs");
        rig.md.syncDone().get(60, TimeUnit.SECONDS);
        long[] targetBlock = rig.blockOf(REBUILT);
        int at = (int) (targetBlock[0] - start);
        assertArrayEquals(Arrays.copyOfRange(fresh, at, at + CHUNK), Completions.read(rig.md.array(), targetBlock[0], CHUNK),
                "the target's block holds the acknowledged data");
        for (long off = start; off < end; off += CHUNK) {
            if (off == targetBlock[0]) {
                continue;
            }
            byte[] read = Completions.read(rig.md.array(), off, CHUNK);
            int from = (int) (off - start);
            assertTrue(Arrays.equals(read, Arrays.copyOfRange(fresh, from, from + CHUNK))
                    || Arrays.equals(read, Arrays.copyOfRange(rig.data, (int) off, (int) off + CHUNK)),
                    "array byte " + off + " holds the new or the old data");
        }
        for (long off = 0; off < rig.data.length; off += CHUNK) {
            if (off < start || off >= end) {
                assertArrayEquals(Arrays.copyOfRange(rig.data, (int) off, (int) off + CHUNK),
                        Completions.read(rig.md.array(), off, CHUNK), "array byte " + off);
            }
        }
        rig.md.close();
    }

    private static boolean overlaps(IoRequest request, long offsetBytes, int lengthBytes) {
        return request.offsetBytes() < offsetBytes + lengthBytes && offsetBytes < request.offsetBytes() + request.lengthBytes();
    }
}
