package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.ManualClock;
import org.orion.raid.level.StripeMap;
import org.orion.raid.stripe.StripeEngine;

/**
 * Full column ranges of one stripe written as a batch: one member write per contiguous run instead
 * of one per column (RAID6 4+2, 64 KiB chunks, 16 KiB columns: 4 columns per chunk, 256 KiB
 * stripes). Members record every write they receive; they run on a manual clock, so which requests
 * are in flight together is decided by the test.
 */
class WriteBatchesTest {
    private static final int CHUNK = 64 * 1024;
    private static final int COLUMN = 16 * 1024;
    private static final int DATA = 4;
    private static final int STRIPE = DATA * CHUNK;
    private static final long STEP_NANOS = 20_000;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private final List<Recorded> members = new ArrayList<>();
    private ArrayFixture fixture;

    /** Passes everything through and remembers each WRITE's member offset and length. */
    static final class Recorded extends FilterBlockDevice {
        final ConcurrentLinkedQueue<long[]> writes = new ConcurrentLinkedQueue<>();
        private final int maxTransferBytes;
        /** When set, data-area writes fail with a media error (and change nothing). */
        volatile long failWritesFromBytes = Long.MAX_VALUE;

        Recorded(BlockDevice delegate, int maxTransferBytes) {
            super(delegate);
            this.maxTransferBytes = maxTransferBytes;
        }

        @Override
        public BlockDeviceInfo info() {
            BlockDeviceInfo i = super.info();
            return new BlockDeviceInfo(i.name(), i.logicalBlockBytes(), i.physicalBlockBytes(), i.capacityBytes(),
                    Math.min(maxTransferBytes, i.maxTransferBytes()), i.volatileCache(), i.supportsDiscard(),
                    i.supportsWriteZeroes());
        }

        @Override
        public IoStatus submit(IoRequest request) {
            if (request.op() == IoOp.WRITE) {
                writes.add(new long[] {request.offsetBytes(), request.lengthBytes()});
                if (request.offsetBytes() >= failWritesFromBytes) {
                    request.complete(IoStatus.MEDIA_ERROR);
                    return IoStatus.OK;
                }
            }
            return super.submit(request);
        }

        /** Writes into the data area (past the superblock area) since the last call. */
        List<long[]> takeDataWrites(long dataOffsetBytes) {
            List<long[]> out = new ArrayList<>();
            for (long[] w; (w = writes.poll()) != null; ) {
                if (w[0] >= dataOffsetBytes) {
                    out.add(new long[] {w[0] - dataOffsetBytes, w[1]});
                }
            }
            return out;
        }
    }

    private RaidArray array(int memberMaxTransferBytes) {
        fixture = ArrayFixture.build(6, "left-symmetric", 6, CHUNK, 8L << 20, d -> {
            Recorded r = new Recorded(d, memberMaxTransferBytes);
            members.add(r);
            return r;
        }, new int[0], false, LatencyModel.of(100_000, 100_000, 0, 1L << 30), clock,
                RaidOptions.DEFAULTS.withStripeCacheEntries(64).withColumnBytes(COLUMN));
        return fixture.array;
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.array.device().stop();
        }
    }

    private static Completions.Recorder submitWrite(RaidArray array, long offset, byte[] data) {
        Completions.Recorder recorder = new Completions.Recorder();
        assertEquals(IoStatus.OK, array.submit(new IoRequest().set(IoOp.WRITE, offset, data.length, ByteBuffer.wrap(data),
                0, 0, recorder)), "write at " + offset + " accepted");
        return recorder;
    }

    private void settle(Completions.Recorder... recorders) throws InterruptedException {
        for (int i = 0; i < 100_000; i++) {
            boolean all = true;
            for (Completions.Recorder r : recorders) {
                all &= r.isDone();
            }
            if (all) {
                return;
            }
            clock.advance(STEP_NANOS);
            Thread.sleep(0, 200_000);
        }
        throw new AssertionError("requests did not complete");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    private byte[] readBack(RaidArray array, long offset, int length) throws InterruptedException {
        byte[] out = new byte[length];
        Completions.Recorder r = new Completions.Recorder();
        assertEquals(IoStatus.OK, array.submit(new IoRequest().set(IoOp.READ, offset, length, ByteBuffer.wrap(out), 0, 0, r)));
        settle(r);
        assertEquals(IoStatus.OK, r.await(), "read at " + offset);
        return out;
    }

    private long dataOffset() {
        return fixture.array.device().members().get(0).dataOffsetBytes();
    }

    /** Every member's data-area writes since the last call, as "offset+length" strings per member. */
    private List<List<String>> takeWrites() {
        List<List<String>> all = new ArrayList<>();
        for (Recorded r : members) {
            List<String> one = new ArrayList<>();
            for (long[] w : r.takeDataWrites(dataOffset())) {
                one.add(w[0] + "+" + w[1]);
            }
            all.add(one);
        }
        return all;
    }

    @Test
    void aWholeStripeWriteIsOneWritePerMember() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        takeWrites();
        byte[] data = Patterns.random(1, STRIPE);
        Completions.Recorder w = submitWrite(array, STRIPE, data); // stripe 1: member offset CHUNK
        settle(w);
        assertEquals(IoStatus.OK, w.await());
        assertEquals(1, engine.batchedWrites());
        for (List<String> writes : takeWrites()) {
            assertEquals(List.of(CHUNK + "+" + CHUNK), writes, "one chunk-sized write per member");
        }
        assertEquals(0, engine.memberReads());
        assertArrayEquals(data, readBack(array, STRIPE, STRIPE));
        assertParityMatches(array, 1, STRIPE, data);
    }

    @Test
    void gatheredHalvesAreOneWritePerMember() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        byte[] first = Patterns.random(1, STRIPE);
        byte[] left = Patterns.random(2, STRIPE / 2);
        byte[] right = Patterns.random(3, STRIPE / 2);
        Completions.Recorder w0 = submitWrite(array, 0, first);
        Completions.Recorder w1 = submitWrite(array, STRIPE, left); // held: w0 is in flight
        await(() -> engine.heldForGathering() == CHUNK / COLUMN, "w1's columns are held");
        takeWrites();
        Completions.Recorder w2 = submitWrite(array, STRIPE + STRIPE / 2, right);
        settle(w0, w1, w2);
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(IoStatus.OK, w2.await());
        assertEquals(CHUNK / COLUMN, engine.gatheredWrites(), "every column of stripe 1 was gathered");
        for (List<String> writes : takeWrites()) {
            assertEquals(List.of(CHUNK + "+" + CHUNK), writes, "one chunk-sized write per member for stripe 1");
        }
        assertEquals(0, engine.memberReads());
        byte[] expected = new byte[STRIPE];
        System.arraycopy(left, 0, expected, 0, left.length);
        System.arraycopy(right, 0, expected, left.length, right.length);
        assertParityMatches(array, 1, STRIPE, expected);
    }

    @Test
    void aChunkSpanningTwoRequestsIsTwoWritesOnThatMember() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        // Stripe 1 in two requests split at 1.5 chunks: block 1's chunk comes half from each.
        int split = CHUNK + CHUNK / 2;
        byte[] first = Patterns.random(1, STRIPE);
        byte[] a = Patterns.random(2, split);
        byte[] b = Patterns.random(3, STRIPE - split);
        Completions.Recorder w0 = submitWrite(array, 0, first);
        Completions.Recorder w1 = submitWrite(array, STRIPE, a);
        await(() -> engine.heldForGathering() > 0, "w1 is held");
        takeWrites();
        Completions.Recorder w2 = submitWrite(array, STRIPE + split, b);
        settle(w0, w1, w2);
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(IoStatus.OK, w2.await());
        StripeMap map = map(array, 1);
        List<List<String>> writes = takeWrites();
        for (int k = 0; k < DATA; k++) {
            List<String> expected = k == 1 ? List.of(CHUNK + "+" + CHUNK / 2, (CHUNK + CHUNK / 2) + "+" + CHUNK / 2)
                    : List.of(CHUNK + "+" + CHUNK);
            assertEquals(expected, writes.get(map.member(k, 0)), "data block " + k);
        }
        assertEquals(List.of(CHUNK + "+" + CHUNK), writes.get(map.pMember), "P in one write");
        assertEquals(List.of(CHUNK + "+" + CHUNK), writes.get(map.qMember), "Q in one write");
        byte[] expected = new byte[STRIPE];
        System.arraycopy(a, 0, expected, 0, a.length);
        System.arraycopy(b, 0, expected, a.length, b.length);
        assertArrayEquals(expected, readBack(array, STRIPE, STRIPE));
        assertParityMatches(array, 1, STRIPE, expected);
    }

    @Test
    void columnsCompletingWhileTheStripesBatchWritesGoOutTogetherInTheNextBatch() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        Completions.Recorder w0 = submitWrite(array, 0, Patterns.random(1, STRIPE)); // stays in flight
        await(() -> engine.batchedWrites() == 1, "stripe 0 is being written");
        takeWrites();
        // Stripe 1 in column-sized writes, all in flight: column c of data block k is write 4k + c,
        // so column 0 is complete first and its batch writes at once (the clock stands still, so
        // its member writes stay in flight); columns 1..3 complete while it holds the stripe lock.
        byte[] data = Patterns.random(2, STRIPE);
        int writes = STRIPE / COLUMN;
        Completions.Recorder[] parts = new Completions.Recorder[writes];
        for (int i = 0; i < writes; i++) {
            parts[i] = submitWrite(array, STRIPE + (long) i * COLUMN,
                    java.util.Arrays.copyOfRange(data, i * COLUMN, (i + 1) * COLUMN));
        }
        settle(parts);
        settle(w0);
        for (Completions.Recorder r : parts) {
            assertEquals(IoStatus.OK, r.await());
        }
        assertEquals(CHUNK / COLUMN, engine.gatheredWrites(), "every column was gathered");
        assertEquals(3, engine.batchedWrites(), "stripe 0; then stripe 1's column 0, then its columns 1..3 together");
        // Each data column came in its own client buffer: one write each. P and Q are the batch's own
        // buffers: column 0, then columns 1..3 in one write.
        StripeMap map = map(array, 1);
        List<List<String>> writesByMember = takeWrites();
        List<String> perColumn = new ArrayList<>();
        for (int c = 0; c < CHUNK / COLUMN; c++) {
            perColumn.add((CHUNK + c * COLUMN) + "+" + COLUMN);
        }
        for (int k = 0; k < DATA; k++) {
            assertEquals(perColumn, writesByMember.get(map.member(k, 0)), "data block " + k);
        }
        List<String> merged = List.of(CHUNK + "+" + COLUMN, (CHUNK + COLUMN) + "+" + (CHUNK - COLUMN));
        assertEquals(merged, writesByMember.get(map.pMember), "P");
        assertEquals(merged, writesByMember.get(map.qMember), "Q");
        assertEquals(0, engine.memberReads());
        assertArrayEquals(data, readBack(array, STRIPE, STRIPE));
        assertParityMatches(array, 1, STRIPE, data);
    }

    @Test
    void noMemberWriteIsLongerThanTheMembersTransferLimit() throws Exception {
        RaidArray array = array(2 * COLUMN);
        StripeEngine engine = array.device().engine();
        takeWrites();
        byte[] data = Patterns.random(1, STRIPE);
        Completions.Recorder w = submitWrite(array, 0, data);
        settle(w);
        assertEquals(IoStatus.OK, w.await());
        assertEquals(1, engine.batchedWrites());
        for (List<String> writes : takeWrites()) {
            assertEquals(List.of("0+" + 2 * COLUMN, 2 * COLUMN + "+" + 2 * COLUMN), writes, "two writes of the limit");
        }
        assertArrayEquals(data, readBack(array, 0, STRIPE));
        assertParityMatches(array, 0, 0, data);
    }

    @Test
    void aMemberWriteFailingInABatchFailsOnlyThatMemberAndTheStripeReadsBack() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        StripeMap map = map(array, 1);
        int victim = map.member(1, 0);
        members.get(victim).failWritesFromBytes = dataOffset();
        byte[] data = Patterns.random(1, STRIPE);
        Completions.Recorder w = submitWrite(array, STRIPE, data);
        settle(w);
        assertEquals(IoStatus.OK, w.await(), "one lost member of six: the write still succeeded");
        assertEquals(1, engine.batchedWrites());
        assertTrue(!array.device().memberStates()[victim].isUsable(), "the member whose write failed is faulty");
        assertArrayEquals(data, readBack(array, STRIPE, STRIPE), "read back through P and Q");
        // One more member lost: the stripe must still come back, so P or Q and the other data are right.
        array.failMember(map.member(3, 0));
        await(() -> !array.device().memberStates()[map.member(3, 0)].isUsable(), "a second member failed");
        assertArrayEquals(data, readBack(array, STRIPE, STRIPE));
    }

    @Test
    void aBatchThatFindsTheArrayDegradedWhenItGetsTheLockWritesEachPieceOnItsOwn() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        byte[] small = Patterns.random(1, 4096);
        byte[] data = Patterns.random(2, STRIPE);
        // A small write takes stripe 1's lock and waits for its reads (the clock stands still)...
        Completions.Recorder rmw = submitWrite(array, STRIPE + 4096, small);
        // ...so the whole-stripe write's batch waits for the lock; the ring handles these in order,
        // so the member fails while the batch waits.
        Completions.Recorder whole = submitWrite(array, STRIPE, data);
        StripeMap map = map(array, 1);
        array.failMember(map.member(2, 0));
        await(() -> !array.device().memberStates()[map.member(2, 0)].isUsable(), "the member failed");
        settle(rmw, whole);
        assertEquals(IoStatus.OK, rmw.await());
        assertEquals(IoStatus.OK, whole.await());
        assertEquals(0, engine.batchedWrites(), "the batch gave its pieces back instead of writing");
        assertArrayEquals(data, readBack(array, STRIPE, STRIPE));
        array.failMember(map.member(0, 0));
        await(() -> !array.device().memberStates()[map.member(0, 0)].isUsable(), "a second member failed");
        assertArrayEquals(data, readBack(array, STRIPE, STRIPE), "P and Q were written right by the pieces");
    }

    @Test
    void aDeepWritersHalfIsHeldForItsSuccessorEvenWithNothingElseInFlight() throws Exception {
        RaidArray array = array(1 << 20);
        StripeEngine engine = array.device().engine();
        // Four whole stripes in flight at once: the writer is deep.
        Completions.Recorder[] burst = new Completions.Recorder[4];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = submitWrite(array, (long) i * STRIPE, Patterns.random(10 + i, STRIPE));
        }
        settle(burst);
        byte[] left = Patterns.random(2, STRIPE / 2);
        byte[] right = Patterns.random(3, STRIPE / 2);
        long at = 4L * STRIPE;
        Completions.Recorder w1 = submitWrite(array, at, left); // alone in the engine, yet held
        await(() -> engine.heldForGathering() == CHUNK / COLUMN, "the half is held");
        Completions.Recorder w2 = submitWrite(array, at + STRIPE / 2, right);
        settle(w1, w2);
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(IoStatus.OK, w2.await());
        assertEquals(0, engine.gatherTimeouts());
        assertEquals(0, engine.memberReads(), "gathered: nothing was read");
        assertArrayEquals(left, readBack(array, at, STRIPE / 2));
        assertArrayEquals(right, readBack(array, at + STRIPE / 2, STRIPE / 2));
    }

    private static StripeMap map(RaidArray array, long stripe) {
        StripeMap map = array.device().layout().newStripeMap();
        array.device().layout().map(stripe, map);
        return map;
    }

    /** Reads stripe {@code stripe} back with two of its data members failed: only right P and Q can give it. */
    private void assertParityMatches(RaidArray array, long stripe, long arrayOffset, byte[] expected) throws Exception {
        StripeMap map = map(array, stripe);
        array.failMember(map.member(0, 0));
        array.failMember(map.member(2, 0));
        await(() -> !array.device().memberStates()[map.member(2, 0)].isUsable(), "two members failed");
        assertArrayEquals(expected, readBack(array, arrayOffset, expected.length), "stripe rebuilt from P and Q");
    }
}
