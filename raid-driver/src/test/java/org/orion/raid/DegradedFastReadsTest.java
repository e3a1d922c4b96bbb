package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.hw.sim.fault.Trigger;
import org.orion.raid.array.MemberState;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncListener;
import org.orion.raid.stripe.SyncResult;

/**
 * Direct reads ({@link org.orion.raid.stripe.FastReads}) on arrays that are not healthy: a degraded
 * array and one being rebuilt serve reads of surviving members straight from them, send reads of a
 * missing member's chunks through the ring to be reconstructed, never read the rebuild target or a
 * recorded-bad range directly, stay on the ring while a resync runs, and hand a read whose member
 * fails under it to the ring, which serves it from what redundancy is left or fails it cleanly.
 * Paths are told apart by the counters ({@code fastReads().completions()}, {@code handedBack()},
 * the engine's), never by timing.
 */
class DegradedFastReadsTest {
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;
    private static final long SEED = Long.getLong("orion.test.seed", 42L);

    private static long mask(String slots) {
        long mask = 0;
        for (String s : slots.trim().split(" +")) {
            mask |= 1L << Integer.parseInt(s);
        }
        return mask;
    }

    /** Reads of every 4 KiB block that keeps a copy outside {@code goneSlots}. */
    private static long directReadsExpected(RaidArray array, long goneSlots) {
        return ArrayFixture.directlyReadable4kOffsets(array, goneSlots).length;
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}, slots {3} failed")
    @CsvSource({"1,,2,1", "1,,3,0", "4,,4,1", "4,,4,3", "5,left-symmetric,4,1", "6,left-symmetric,6,2",
        "6,left-symmetric,6,1 4", "10,n2,4,1", "10,f2,4,3", "10,o2,3,0"})
    void aDegradedArrayReadsSurvivingMembersDirectlyAndReconstructsTheRestOnTheRing(int level, String layout,
                                                                                    int members, String failed) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            ReadCounter[] counters = new ReadCounter[members];
            f.reopenWith(slot -> d -> counters[slot] = new ReadCounter(d));
            long gone = mask(failed);
            for (long m = gone; m != 0; m &= m - 1) {
                f.failAndSettle(Long.numberOfTrailingZeros(m));
            }
            RaidBlockDevice device = f.array.device();
            long direct = device.fastReads().completions();
            long reconstructions = device.engine().reconstructions();
            long[] readsBefore = Arrays.stream(counters).mapToLong(ReadCounter::reads).toArray();

            assertArrayEquals(data, ArrayFixture.readAllIn4k(f.array), "every byte reads back [seed " + SEED + "]");
            long expected = directReadsExpected(f.array, gone);
            long reads = f.array.info().capacityBytes() / 4096;
            assertEquals(expected, device.fastReads().completions() - direct,
                    "every read with a surviving copy took the direct path");
            if (expected < reads) {
                assertTrue(device.engine().reconstructions() > reconstructions, "the rest was reconstructed on the ring");
            }
            for (int slot = 0; slot < members; slot++) {
                long readsNow = counters[slot].reads() - readsBefore[slot];
                if ((gone & (1L << slot)) != 0) {
                    assertEquals(0, readsNow, "nothing reads failed slot " + slot);
                } else {
                    assertTrue(readsNow > 0, "surviving slot " + slot + " served reads (mirrors rotate over copies left)");
                }
            }
        } finally {
            f.array.close();
        }
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,2", "1,,3", "5,left-symmetric,4", "10,n2,4"})
    void aReadSubmittedAfterFailMemberReturnsNeverGoesToThatMember(int level, String layout, int members) {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            ReadCounter[] counters = new ReadCounter[members];
            f.reopenWith(slot -> d -> counters[slot] = new ReadCounter(d));
            for (int round = 0; round < 20; round++) {
                int slot = round % members;
                // No flush, no wait: as mdadm --fail, the call returns once the member is marked.
                f.array.failMember(slot);
                long before = counters[slot].reads();
                int offset = (round * 4096 * 7) % (int) (f.array.info().capacityBytes() - 64 * 1024);
                assertArrayEquals(Arrays.copyOfRange(data, offset, offset + 64 * 1024),
                        Completions.read(f.array, offset, 64 * 1024), "read after failing slot " + slot);
                assertEquals(before, counters[slot].reads(), "no read reached failed slot " + slot + " (round " + round + ")");
                f.reopenWith(s -> d -> counters[s] = new ReadCounter(d));
            }
        } finally {
            f.array.close();
        }
    }

    /**
     * The rebuild is held in the middle (its target holds every write), so all reads below run while
     * it is rebuilding. A recovery rebuilds a failed slot; a hot replace copies a slot still in sync.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}, {3}")
    @CsvSource({"1,,2,recover", "1,,3,replace", "5,left-symmetric,4,recover", "5,left-symmetric,4,replace",
        "6,left-symmetric,5,recover", "10,n2,4,recover", "10,f2,4,replace"})
    void duringARebuildSurvivorsAreReadDirectlyAndTheTargetOnlyOnceItHoldsTheSlot(int level, String layout, int members,
                                                                                  String mode) throws Exception {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            int slot = 1;
            boolean recover = mode.equals("recover");
            if (recover) {
                f.failAndSettle(slot);
            }
            HeldWrites target = new HeldWrites(spare());
            CompletableFuture<SyncResult> done = RebuildThroughFailuresTest.rebuild(f.array, slot, target);
            RaidBlockDevice device = f.array.device();
            waitFor(() -> device.engine().runningSync() == SyncKind.RECOVER && target.held() > 0);

            long direct = device.fastReads().completions();
            List<PendingRead> pending = PendingRead.submitAll(f.array);
            // Zero-latency members complete direct reads inside submit; reads needing the ring may wait
            // for a stripe the held rebuild has locked, so they are checked after the release.
            long expected = directReadsExpected(f.array, recover ? 1L << slot : 0);
            assertEquals(expected, device.fastReads().completions() - direct,
                    "reads with a copy on an in-sync member went straight to it while the rebuild ran");
            assertSame(SyncKind.RECOVER, device.engine().runningSync(), "the rebuild was running all along");
            assertEquals(0, target.reads(), "nothing reads the rebuild target");

            target.release();
            for (PendingRead p : pending) {
                p.assertData(data);
            }
            done.get(60, TimeUnit.SECONDS);
            assertSame(target, device.members().get(slot).device(), "the rebuilt member holds the slot");
            assertEquals(MemberState.IN_SYNC, device.memberStates()[slot]);
            direct = device.fastReads().completions();
            assertArrayEquals(data, ArrayFixture.readAllIn4k(f.array), "every byte reads back after the rebuild");
            assertEquals(f.array.info().capacityBytes() / 4096, device.fastReads().completions() - direct,
                    "the healthy array reads everything directly");
            assertTrue(target.reads() > 0, "the rebuilt member serves direct reads once it holds the slot");
        } finally {
            f.array.close();
        }
    }

    /**
     * A RAID5 rebuild lost a range of its new member (a survivor had an unreadable sector there):
     * the rest of that member is read directly, the lost range never (a direct read would return
     * whatever the new member holds there as data; the ring fails it).
     */
    @Test
    void aRangeARebuildCouldNotRestoreIsNeverReadDirectlyButTheRestOfThatMemberIs() throws Exception {
        RebuildThroughFailuresTest.LostStripe lost = RebuildThroughFailuresTest.LostStripe.rebuild(false);
        ArrayFixture f = lost.f();
        try {
            RaidBlockDevice device = f.array.device();
            RaidLayout layout = device.layout();
            List<long[]> lostRanges = lost.result().mismatchRanges();
            int readsOfRebuiltSlot = 0;
            int lostReads = 0;
            for (long off = 0; off < f.array.info().capacityBytes(); off += 4096) {
                final long o = off;
                boolean inLostRange = lostRanges.stream().anyMatch(r -> o < r[1] && r[0] < o + 4096);
                boolean onRebuiltSlot = ArrayFixture.slotsHolding(layout, off) == 1L << 2;
                long direct = device.fastReads().completions();
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                IoStatus status = Completions.run(f.array, IoOp.READ, off, 4096, buffer, 0, 0);
                if (inLostRange && onRebuiltSlot) {
                    // The ring reconstructs what the survivors still hold and fails the rest; a direct
                    // read would have returned what the new member holds there (never written).
                    assertEquals(direct, device.fastReads().completions(), "the lost range at " + off
                            + " was not read directly");
                    if (status == IoStatus.OK) {
                        assertArrayEquals(Arrays.copyOfRange(lost.data(), (int) off, (int) off + 4096),
                                buffer.array(), "the ring reconstructed " + off);
                    } else {
                        assertEquals(IoStatus.MEDIA_ERROR, status, "the ring could not reconstruct " + off);
                        lostReads++;
                    }
                } else if (!inLostRange) {
                    assertEquals(IoStatus.OK, status, "read at " + off);
                    assertArrayEquals(Arrays.copyOfRange(lost.data(), (int) off, (int) off + 4096), buffer.array(),
                            "data at " + off);
                    assertEquals(direct + 1, device.fastReads().completions(), "read at " + off + " went directly");
                    readsOfRebuiltSlot += onRebuiltSlot ? 1 : 0;
                }
            }
            assertTrue(readsOfRebuiltSlot > 0, "the rebuilt member's good ranges were read directly");
            assertTrue(lostReads > 0, "a read of the lost range failed (where the survivor's sector is unreadable)");
        } finally {
            f.array.close();
        }
    }

    /**
     * A resync reads and rewrites members under stripe locks: while one runs (held, so it is still
     * running when the reads are submitted) every client read takes the ring.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,2", "5,left-symmetric,4"})
    void whileAResyncRunsEveryReadTakesTheRing(int level, String layout, int members) throws Exception {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            HeldWrites[] held = new HeldWrites[1];
            f.reopenWith(slot -> d -> slot == 1 ? held[0] = new HeldWrites(d) : d);
            RaidBlockDevice device = f.array.device();
            CompletableFuture<SyncResult> done = new CompletableFuture<>();
            device.startSync(SyncKind.RESYNC, 0, finishedInto(done));
            waitFor(() -> device.engine().runningSync() == SyncKind.RESYNC && held[0].held() > 0);
            long direct = device.fastReads().completions();
            List<PendingRead> pending = PendingRead.submitAll(f.array);
            assertSame(SyncKind.RESYNC, device.engine().runningSync(), "the resync was running all along");
            held[0].release();
            for (PendingRead p : pending) {
                p.assertData(data);
            }
            assertEquals(direct, device.fastReads().completions(), "no read bypassed the ring during the resync");
            done.get(60, TimeUnit.SECONDS);
            direct = device.fastReads().completions();
            ArrayFixture.readAllIn4k(f.array);
            assertEquals(f.array.info().capacityBytes() / 4096, device.fastReads().completions() - direct,
                    "direct reads resume when it ends");
        } finally {
            f.array.close();
        }
    }

    /**
     * Until the superblocks record a member failure the ring holds every completion, reads included
     * (md's rule for writes); a direct read must not complete earlier than that either.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"5,left-symmetric,4", "1,,2"})
    void whileAMemberFailureIsNotYetRecordedNoReadBypassesTheRing(int level, String layout, int members)
            throws Exception {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            RaidBlockDevice device = f.array.device();
            device.failureListener(slot -> true); // a superblock update "started"; confirmed below
            f.array.failMember(1);
            // Raised at the end of the failure's handling, after direct reads were paused.
            waitFor(() -> f.count("DegradedArray") > 0);
            long direct = device.fastReads().completions();
            List<PendingRead> pending = PendingRead.submitAll(f.array);
            assertEquals(direct, device.fastReads().completions(), "no read completed past the held ring");
            assertTrue(pending.stream().noneMatch(p -> p.recorder().isDone()), "every read waits for the update");
            device.metadataSynced();
            for (PendingRead p : pending) {
                p.assertData(data);
            }
            direct = device.fastReads().completions();
            ArrayFixture.readAllIn4k(f.array);
            assertEquals(directReadsExpected(f.array, 1L << 1), device.fastReads().completions() - direct,
                    "once it is recorded, surviving members are read directly");
        } finally {
            f.array.close();
        }
    }

    /**
     * An array already missing members ({@code missing}); slot 1 fails under a direct read, either
     * completing it with an error (a timeout: the direct path hands the read to the ring) or refusing
     * it (fail-stop: the read enters the ring as a new request). Either way the ring marks the member
     * faulty and serves the read from the redundancy left (RAID6 with one member gone, a three-way
     * mirror) or fails it with NO_DEVICE when none is left for its chunk; so does every later read of
     * lost chunks, while chunks with a surviving copy keep reading directly.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}, slots {3} missing, {4}")
    @CsvSource({"6,left-symmetric,5,0,timeout", "6,left-symmetric,5,0,failstop", "6,left-symmetric,6,3,timeout",
        "6,left-symmetric,5,0 3,timeout", "6,left-symmetric,5,0 3,failstop", "5,left-symmetric,4,0,timeout",
        "1,,3,0,timeout", "10,n2,4,0,failstop"})
    void aMemberFailingUnderADirectReadOfADegradedArrayIsServedFromWhatIsLeftOrFailsCleanly(int level, String layout,
            int members, String missing, String failure) {
        long missingSlots = mask(missing);
        int[] missingArray = java.util.stream.IntStream.range(0, members).filter(s -> (missingSlots & (1L << s)) != 0)
                .toArray();
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES, UnaryOperator.identity(),
                missingArray, false);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            int failing = 1;
            boolean timeout = failure.equals("timeout");
            FaultPlan plan = timeout ? FaultPlan.builder(SEED).timeout(Trigger.atOperation(3), 1_000_000).build()
                    : FaultPlan.builder(SEED).failStop(Trigger.atOperation(3)).build();
            f.reopenWith(slot -> d -> slot != failing ? d : new FaultyBlockDevice(d, plan));
            RaidBlockDevice device = f.array.device();
            RaidLayout layout0 = device.layout();
            long gone = missingSlots | 1L << failing;

            // Reads of chunks with a copy on slot 1 only touch slot 1 through the direct path (nothing
            // else reads it: no reconstruction needs it for these), so the fail-stop meets a direct read.
            long[] onFailing = java.util.stream.LongStream.of(ArrayFixture.directlyReadable4kOffsets(f.array, 0))
                    .filter(off -> (ArrayFixture.slotsHolding(layout0, off) & (1L << failing)) != 0).toArray();
            for (int i = 0; device.memberStates()[failing] != MemberState.FAULTY; i++) {
                assertTrue(i < onFailing.length, "slot 1 failed within the reads of its chunks");
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                IoStatus status = Completions.run(f.array, IoOp.READ, onFailing[i], 4096, buffer, 0, 0);
                // Before the failure the member serves its chunks; the read that met it is served as
                // the array with slot 1 gone can.
                boolean failedNow = device.memberStates()[failing] == MemberState.FAULTY;
                checkServedOrLost(layout0, data, onFailing[i], failedNow ? gone : missingSlots, status, buffer);
            }
            assertEquals(timeout ? 1 : 0, device.fastReads().handedBack(),
                    timeout ? "the direct read that timed out was handed to the ring" : "a refused read is no hand-back");

            long direct = device.fastReads().completions();
            int served = 0;
            for (long off = 0; off < f.array.info().capacityBytes(); off += 4096) {
                served += expectServedOrLost(f.array, data, off, gone) ? 1 : 0;
            }
            assertEquals(directReadsExpected(f.array, gone), device.fastReads().completions() - direct,
                    "chunks with a surviving copy are read directly");
            assertEquals(timeout ? 1 : 0, device.fastReads().handedBack(),
                    "no further direct read went to the failed member");
            assertEquals(0, device.engine().internalErrors());
            if (level == 6 && Long.bitCount(gone) <= 2 || level == 1) {
                assertEquals(f.array.info().capacityBytes() / 4096, served, "the redundancy left serves every read");
            } else {
                assertTrue(served < f.array.info().capacityBytes() / 4096, "chunks with nothing left failed cleanly");
            }
        } finally {
            f.array.close();
        }
    }

    /** Reads one 4 KiB block and checks it as {@link #checkServedOrLost}; true if it was served. */
    private static boolean expectServedOrLost(RaidArray array, byte[] data, long off, long gone) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        IoStatus status = Completions.run(array, IoOp.READ, off, 4096, buffer, 0, 0);
        return checkServedOrLost(array.device().layout(), data, off, gone, status, buffer);
    }

    /**
     * A 4 KiB read at {@code off} (completed exactly once, checked by {@link Completions#run}) returned
     * the array's data if some copy outside {@code gone} can serve it (for parity levels: its member
     * survives, or no more members are gone than there is parity), else NO_DEVICE.
     *
     * @return true if it was served
     */
    private static boolean checkServedOrLost(RaidLayout layout, byte[] data, long off, long gone, IoStatus status,
                                             ByteBuffer buffer) {
        long holders = ArrayFixture.slotsHolding(layout, off);
        boolean servable = (holders & ~gone) != 0
                || layout.parityBlocks() > 0 && Long.bitCount(gone) <= layout.parityBlocks();
        if (servable) {
            assertEquals(IoStatus.OK, status, "read at " + off + " is served");
            assertArrayEquals(Arrays.copyOfRange(data, (int) off, (int) off + 4096), buffer.array(),
                    "data at " + off + " [seed " + SEED + "]");
            return true;
        }
        assertEquals(IoStatus.NO_DEVICE, status, "read at " + off + " has nothing left to be served from");
        return false;
    }

    private static BlockDevice spare() {
        return ArrayFixture.spare(DISK_BYTES);
    }

    private static SyncListener finishedInto(CompletableFuture<SyncResult> done) {
        return Passes.into(done);
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not reached within 60 s");
            Thread.sleep(1);
        }
    }

    /** One 4 KiB read submitted without waiting; checked later. */
    private record PendingRead(long offsetBytes, ByteBuffer buffer, Completions.Recorder recorder) {
        /** Every 4 KiB block of the array at once (fewer than the array's request limit). */
        static List<PendingRead> submitAll(RaidArray array) {
            List<PendingRead> reads = new java.util.ArrayList<>();
            for (long off = 0; off < array.info().capacityBytes(); off += 4096) {
                PendingRead p = new PendingRead(off, ByteBuffer.allocate(4096), new Completions.Recorder());
                assertEquals(IoStatus.OK, array.submit(new IoRequest().set(IoOp.READ, off, 4096, p.buffer, 0, 0,
                        p.recorder)), "read at " + off + " accepted");
                reads.add(p);
            }
            return reads;
        }

        void assertData(byte[] data) {
            assertEquals(IoStatus.OK, recorder.await(), "read at " + offsetBytes);
            assertEquals(1, recorder.calls(), "completed exactly once");
            assertArrayEquals(Arrays.copyOfRange(data, (int) offsetBytes, (int) offsetBytes + 4096), buffer.array(),
                    "data at " + offsetBytes + " [seed " + SEED + "]");
        }
    }
}
