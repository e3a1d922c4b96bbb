package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.hw.sim.fault.Trigger;
import org.orion.raid.array.MemberState;

/**
 * Reads that go straight to one member ({@link org.orion.raid.stripe.FastReads}): they return the
 * array's data, fall back to the ring's full path on any member failure (which reconstructs and
 * rewrites what returned a media error), never read a member whose write failed, and complete
 * exactly once when a member fails while they are in flight.
 */
class FastReadsTest {
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;
    private static final long SEED = Long.getLong("orion.test.seed", 42L);

    private static byte[] fill(RaidArray array, long seed) {
        return ArrayFixture.fillWithPattern(array, seed, 64 * 1024);
    }

    private static byte[] readAllIn4k(RaidArray array) {
        return ArrayFixture.readAllIn4k(array);
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"0,original,3", "1,,1", "1,,3", "5,left-symmetric,4", "6,left-symmetric,6", "10,n2,4", "10,f2,4"})
    void smallReadsOnAHealthyArrayGoStraightToAMemberAndReturnTheArraysData(int level, String layout, int members) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = fill(f.array, SEED);
            long before = f.array.device().fastReads().completions();
            assertArrayEquals(data, readAllIn4k(f.array), "4 KiB reads return the written data [seed " + SEED + "]");
            long reads = f.array.info().capacityBytes() / 4096;
            assertEquals(reads, f.array.device().fastReads().completions() - before, "every 4 KiB read took the direct path");
            // A read across a chunk boundary needs two members: the ring serves it. A mirror keeps
            // whole copies, so there it is still one member range, read directly.
            long direct = f.array.device().fastReads().completions();
            int chunk = f.array.device().layout().chunkBytes(); // RAID1's virtual chunk is not CHUNK
            assertArrayEquals(Arrays.copyOfRange(data, chunk - 2048, chunk + 2048),
                    Completions.read(f.array, chunk - 2048, 4096));
            assertEquals(direct + (level == 1 ? 1 : 0), f.array.device().fastReads().completions(),
                    level == 1 ? "a mirror's read over two chunks went straight to one member"
                            : "a read over two chunks went through the ring");
        } finally {
            f.array.close();
        }
    }

    @ParameterizedTest(name = "RAID1 x{0}")
    @CsvSource({"1", "2", "3"})
    void aMirrorsLargeReadIsOneMemberReadAndAMediaErrorInItIsServedFromAnotherCopy(int members) {
        ArrayFixture f = ArrayFixture.build(1, null, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = fill(f.array, SEED);
            int piece = 256 * 1024;
            long before = f.array.device().fastReads().completions();
            for (int off = 0; off < data.length; off += piece) {
                assertArrayEquals(Arrays.copyOfRange(data, off, off + piece), Completions.read(f.array, off, piece));
            }
            assertEquals(data.length / piece, f.array.device().fastReads().completions() - before,
                    "every 256 KiB read was one direct member read");
            if (members > 1) {
                f.reopenWith(slot -> slot != 0 ? d -> d : d -> new FaultyBlockDevice(d, FaultPlan.builder(SEED)
                        .randomLatentSectorErrors(16, DISK_BYTES, Trigger.atOperation(0)).build()));
                for (int round = 0; round < members; round++) {
                    for (int off = 0; off < data.length; off += piece) {
                        assertArrayEquals(Arrays.copyOfRange(data, off, off + piece),
                                Completions.read(f.array, off, piece), "read at " + off + " [seed " + SEED + "]");
                    }
                }
                assertTrue(f.array.device().engine().memberReadErrors() > 0, "direct reads met the media errors");
                assertEquals(MemberState.IN_SYNC, f.array.device().memberStates()[0]);
            }
        } finally {
            f.array.close();
        }
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,3", "5,left-symmetric,4", "6,left-symmetric,6", "10,n2,4"})
    void aMediaErrorOnADirectReadFallsBackToTheFullPathWhichRewritesTheRange(int level, String layout, int members) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = fill(f.array, SEED);
            FaultyBlockDevice[] faulty = new FaultyBlockDevice[1];
            f.reopenWith(slot -> d -> {
                if (slot != 1) {
                    return d;
                }
                faulty[0] = new FaultyBlockDevice(d, FaultPlan.builder(SEED + slot)
                        .randomLatentSectorErrors(64, DISK_BYTES, Trigger.atOperation(0)).build());
                return faulty[0];
            });
            // Twice: mirrors rotate the copy a direct read goes to, so the second pass meets other copies.
            assertArrayEquals(data, readAllIn4k(f.array), "every byte reads back despite media errors [seed " + SEED + "]");
            assertArrayEquals(data, readAllIn4k(f.array), "and again [seed " + SEED + "]");
            RaidBlockDevice device = f.array.device();
            assertTrue(device.fastReads().completions() > 0, "the healthy ranges were read directly");
            assertTrue(device.engine().memberReadErrors() > 0, "direct reads met media errors");
            assertTrue(device.engine().readErrorsCorrected() > 0, "and the full path rewrote them");
            assertTrue(faulty[0].badSectorCount() < 64 * 8, "rewrites healed sectors: " + faulty[0].badSectorCount() + " left");
            for (DriverEvent e : f.events) {
                if (e instanceof DriverEvent.ReadErrorCorrected c) {
                    assertTrue(c.rewriteSucceeded(), "rewrite of " + c.memberOffsetBytes() + " succeeded");
                    IoStatus status = Completions.run(faulty[0], IoOp.READ, c.memberOffsetBytes(), c.lengthBytes(),
                            ByteBuffer.allocate(c.lengthBytes()), 0, 0);
                    assertEquals(IoStatus.OK, status, "corrected range " + c.memberOffsetBytes() + " reads again");
                }
            }
            assertEquals(MemberState.IN_SYNC, device.memberStates()[1], "a media error does not fail the member");
            assertEquals(0, device.engine().internalErrors());
        } finally {
            f.array.close();
        }
    }

    /** The read that met the error repairs it: the full path must not just read another copy and move on. */
    @Test
    void theDirectReadOfAMirrorCopyThatMeetsAMediaErrorHasThatCopyRewritten() {
        ArrayFixture f = ArrayFixture.build(1, null, 2, CHUNK, DISK_BYTES);
        try {
            byte[] data = fill(f.array, SEED);
            long dataOffset = f.array.device().members().get(1).dataOffsetBytes();
            int chunk = f.array.device().layout().chunkBytes();
            long[] offsets = new long[8];
            FaultPlan.Builder plan = FaultPlan.builder(SEED);
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = (long) i * chunk + 4096L * (i % 4); // one bad sector in each of eight stripes
                plan.latentSectorError((dataOffset + offsets[i]) / 512, 1);
            }
            FaultyBlockDevice[] faulty = new FaultyBlockDevice[1];
            f.reopenWith(slot -> d -> slot == 1 ? (faulty[0] = new FaultyBlockDevice(d, plan.build())) : d);
            RaidBlockDevice device = f.array.device();
            for (int i = 0; i < offsets.length; i++) {
                long errorsBefore = device.engine().memberReadErrors();
                for (int attempt = 0; attempt < 4 && device.engine().memberReadErrors() == errorsBefore; attempt++) {
                    assertArrayEquals(Arrays.copyOfRange(data, (int) offsets[i], (int) offsets[i] + 4096),
                            Completions.read(f.array, offsets[i], 4096), "read at " + offsets[i]);
                }
                assertEquals(errorsBefore + 1, device.engine().memberReadErrors(), "a direct read met the bad sector");
                assertEquals(offsets.length - 1 - i, faulty[0].badSectorCount(), "and that read rewrote it");
            }
            assertEquals(offsets.length, device.engine().readErrorsCorrected());
        } finally {
            f.array.close();
        }
    }

    @Test
    void aMediaErrorWithNoOtherCopyFailsTheReadOnce() {
        ArrayFixture f = ArrayFixture.build(1, null, 1, CHUNK, DISK_BYTES);
        try {
            fill(f.array, SEED);
            long dataOffset = f.array.device().members().get(0).dataOffsetBytes();
            f.reopenWith(slot -> d -> new FaultyBlockDevice(d, FaultPlan.builder(SEED)
                    .latentSectorError((dataOffset + 8192) / 512, 1).build()));
            IoStatus status = Completions.run(f.array, IoOp.READ, 8192, 4096, ByteBuffer.allocate(4096), 0, 0);
            assertEquals(IoStatus.MEDIA_ERROR, status, "nothing to reconstruct from: the read fails (exactly once, checked by run)");
            assertEquals(1, f.array.device().engine().memberReadErrors());
            assertEquals(MemberState.IN_SYNC, f.array.device().memberStates()[0]);
        } finally {
            f.array.close();
        }
    }

    /**
     * A member whose writes fail but whose reads still return its old content: after a write is
     * acknowledged (the member marked faulty on the way), no read may return the old content.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,2", "10,n2,2", "5,left-symmetric,3"})
    void aReadAfterAnAcknowledgedWriteSeesItEvenWhenTheWriteFailedOnAMember(int level, String layout, int members) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] old = fill(f.array, SEED);
            WritesFail stale = new WritesFail();
            f.reopenWith(slot -> d -> slot == 1 ? stale.wrap(d) : d);
            SplittableRandom random = new SplittableRandom(SEED);
            for (int i = 0; i < 32; i++) {
                long offset = random.nextInt((int) (f.array.info().capacityBytes() / 4096)) * 4096L;
                byte[] fresh = Patterns.random(random.nextLong(), 4096);
                if (i == 4) {
                    stale.armed = true;
                }
                Completions.assertOk(Completions.write(f.array, offset, fresh), "write " + offset);
                for (int r = 0; r < 4; r++) { // several reads: mirrors rotate over their copies
                    assertArrayEquals(fresh, Completions.read(f.array, offset, 4096),
                            "read " + r + " after the acknowledged write at " + offset + " [seed " + SEED + "]");
                }
                System.arraycopy(fresh, 0, old, (int) offset, 4096);
            }
            assertTrue(stale.failedWrites > 0, "the member's writes failed");
            assertEquals(MemberState.FAULTY, f.array.device().memberStates()[1]);
            assertArrayEquals(old, readAllIn4k(f.array), "the whole array reads back");
        } finally {
            f.array.close();
        }
    }

    /**
     * Members with latency, so direct reads are really in flight, from four threads; a member fails
     * (fail-stop) in the middle, on a healthy array or on one already missing a member (slot
     * {@code missing}; -1: none). Every read completes exactly once with the right data.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}, missing slot {3}")
    @CsvSource({"1,,2,-1", "5,left-symmetric,4,-1", "6,left-symmetric,5,-1", "10,n2,4,-1", "6,left-symmetric,6,3",
        "1,,3,0"})
    void everyReadCompletesOnceWithTheRightDataWhenAMemberFailsUnderDirectReads(int level, String layout, int members,
                                                                               int missing) throws Exception {
        LatencyModel latency = LatencyModel.of(100_000, 50_000, 0, 1L << 30);
        FaultyBlockDevice[] faulty = new FaultyBlockDevice[1];
        UnaryOperator<BlockDevice> noWrap = UnaryOperator.identity();
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES, noWrap,
                missing < 0 ? new int[0] : new int[] {missing}, false, latency, NanoClock.system());
        try {
            byte[] data = fill(f.array, SEED);
            f.reopenWith(slot -> d -> {
                if (slot != 1) {
                    return d;
                }
                faulty[0] = new FaultyBlockDevice(d, FaultPlan.builder(SEED).failStop(Trigger.atOperation(100)).build());
                return faulty[0];
            });
            int threads = 4;
            int readsPerThread = 400;
            int inFlightPerThread = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    long seed = SEED + t;
                    futures.add(pool.submit(() -> {
                        readConcurrently(f.array, data, seed, readsPerThread, inFlightPerThread);
                        return null;
                    }));
                }
                for (Future<?> fu : futures) {
                    fu.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            RaidBlockDevice device = f.array.device();
            assertTrue(faulty[0].isFailed(), "the member failed during the run");
            assertEquals(MemberState.FAULTY, device.memberStates()[1], "and the array marked it faulty");
            assertTrue(device.fastReads().completions() > 0, "reads took the direct path");
            assertTrue(device.fastReads().completions() < (long) threads * readsPerThread,
                    "the ring served what the direct path could not");
            assertArrayEquals(data, readAllIn4k(f.array), "the degraded array reads back");
            assertEquals(0, device.engine().internalErrors());
        } finally {
            f.array.close();
        }
    }

    /** Keeps {@code window} 4 KiB reads in flight; checks each one's status, data and single completion. */
    private static void readConcurrently(RaidArray array, byte[] data, long seed, int reads, int window) {
        SplittableRandom random = new SplittableRandom(seed);
        int blocks = data.length / 4096;
        Completions.Recorder[] recorders = new Completions.Recorder[window];
        ByteBuffer[] buffers = new ByteBuffer[window];
        long[] offsets = new long[window];
        for (int i = 0; i < reads + window; i++) {
            int w = i % window;
            if (recorders[w] != null) {
                assertEquals(IoStatus.OK, recorders[w].await(), "read at " + offsets[w]);
                assertEquals(1, recorders[w].calls(), "completed exactly once");
                assertArrayEquals(Arrays.copyOfRange(data, (int) offsets[w], (int) offsets[w] + 4096), buffers[w].array(),
                        "data at " + offsets[w] + " [seed " + seed + "]");
                recorders[w] = null;
            }
            if (i >= reads) {
                continue;
            }
            offsets[w] = random.nextInt(blocks) * 4096L;
            buffers[w] = ByteBuffer.allocate(4096);
            recorders[w] = new Completions.Recorder();
            IoStatus accepted;
            do {
                accepted = array.submit(new IoRequest().set(IoOp.READ, offsets[w], 4096, buffers[w], 0, 0, recorders[w]));
            } while (accepted == IoStatus.BUSY);
            assertEquals(IoStatus.OK, accepted, "read at " + offsets[w] + " accepted");
        }
    }

    /** On a healthy array, and on degraded ones (reads of surviving members, a mirror's other copy). */
    @ParameterizedTest(name = "raid{0} {1} x{2}, missing slot {3}")
    @CsvSource({"6,left-symmetric,6,-1", "6,left-symmetric,6,2", "10,n2,4,1"})
    void directReadsAllocateNothingPerRequest(int level, String layout, int members, int missing) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES, UnaryOperator.identity(),
                missing < 0 ? new int[0] : new int[] {missing}, false);
        try {
            fill(f.array, SEED);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
            int[] done = new int[1];
            IoCompletion completion = (request, status) -> done[0]++;
            IoRequest request = new IoRequest();
            // Only blocks the direct path serves: on a degraded parity array, not those of the missing member.
            long[] offsets = ArrayFixture.directlyReadable4kOffsets(f.array, missing < 0 ? 0 : 1L << missing);
            int blocks = offsets.length;
            long direct = f.array.device().fastReads().completions();
            for (int round = 0; round < 2; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    // Zero-latency members complete inside submit, on this thread.
                    assertEquals(IoStatus.OK, f.array.submit(request.set(IoOp.READ, offsets[(int) (i * 7L % blocks)], 4096,
                            buffer, 0, 0, completion)));
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 1) {
                    assertTrue(allocated < 20_000, allocated + " bytes allocated for 20000 direct reads");
                }
            }
            assertEquals(40_000, done[0]);
            assertEquals(direct + 40_000, f.array.device().fastReads().completions());
        } finally {
            f.array.close();
        }
    }

    /** Passes everything through until armed; then fails every WRITE while reads still see the old content. */
    private static final class WritesFail {
        volatile boolean armed;
        volatile int failedWrites;

        BlockDevice wrap(BlockDevice d) {
            return new FilterBlockDevice(d) {
                @Override
                public IoStatus submit(IoRequest request) {
                    if (armed && request.op() == IoOp.WRITE) {
                        failedWrites++;
                        request.complete(IoStatus.MEDIA_ERROR);
                        return IoStatus.OK;
                    }
                    return super.submit(request);
                }
            };
        }
    }
}
