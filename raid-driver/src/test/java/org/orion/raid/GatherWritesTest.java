package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
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
 * Partial-stripe writes gathered into full-stripe writes (RAID6 4+2, 16 KiB chunks: 64 KiB stripes,
 * so a 32 KiB write is half a stripe). Members and array run on a manual clock: member requests
 * complete only when the test moves time on, so which requests are in flight together, and how much
 * time passes, is decided by the test, not by the machine.
 */
class GatherWritesTest {
    private static final int CHUNK = 16 * 1024;
    private static final int STRIPE = 4 * CHUNK;
    private static final int HALF = STRIPE / 2;
    private static final long STEP_NANOS = 20_000;

    private final ManualClock clock = new ManualClock(1_000_000_000L);
    private ArrayFixture fixture;
    private long advancedNanos;

    private RaidArray array(LatencyModel latency) {
        UnaryOperator<BlockDevice> noWrap = UnaryOperator.identity();
        fixture = ArrayFixture.build(6, "left-symmetric", 6, CHUNK, 1L << 20, noWrap, new int[0], false, latency, clock);
        return fixture.array;
    }

    private RaidArray array() {
        return array(LatencyModel.of(100_000, 100_000, 0, 1L << 30));
    }

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.array.device().stop();
        }
    }

    private static Completions.Recorder submit(RaidArray array, IoOp op, long offset, byte[] data) {
        Completions.Recorder recorder = new Completions.Recorder();
        ByteBuffer buffer = data == null ? null : ByteBuffer.wrap(data);
        assertEquals(IoStatus.OK, array.submit(new IoRequest().set(op, offset, data == null ? 0 : data.length, buffer, 0,
                0, recorder)), op + " at " + offset + " accepted");
        return recorder;
    }

    /** Moves time on in small steps, giving the ring thread a moment after each, until every request is done. */
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
            advancedNanos += STEP_NANOS;
            Thread.sleep(0, 200_000);
        }
        throw new AssertionError("requests did not complete");
    }

    /** Waits (real time, generously) until the ring thread has got somewhere. */
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

    @Test
    void twoHalfStripeWritesInFlightTogetherBecomeOneFullStripeWriteThatReadsNothing() throws Exception {
        RaidArray array = array();
        StripeEngine engine = array.device().engine();
        byte[] first = Patterns.random(1, STRIPE);
        byte[] left = Patterns.random(2, HALF);
        byte[] right = Patterns.random(3, HALF);
        Completions.Recorder w0 = submit(array, IoOp.WRITE, 0, first); // a whole stripe: needs no reads
        Completions.Recorder w1 = submit(array, IoOp.WRITE, STRIPE, left); // continues w0, ends mid-stripe: held
        Completions.Recorder w2 = submit(array, IoOp.WRITE, STRIPE + HALF, right); // the other half
        await(() -> engine.gatheredWrites() == 1, "the halves were gathered");
        settle(w0, w1, w2);
        assertEquals(IoStatus.OK, w0.await());
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(IoStatus.OK, w2.await());
        assertEquals(0, engine.memberReads(), "P and Q came from the new data alone: no member was read");
        assertEquals(0, engine.gatherTimeouts());
        assertArrayEquals(left, readBack(array, STRIPE, HALF));
        assertArrayEquals(right, readBack(array, STRIPE + HALF, HALF));
        // P and Q must match the new data: lose two data members of stripe 1 and read it back from them.
        StripeMap map = array.device().layout().newStripeMap();
        array.device().layout().map(1, map);
        array.failMember(map.member(0, 0));
        array.failMember(map.member(3, 0));
        await(() -> !array.device().memberStates()[map.member(3, 0)].isUsable(), "two members failed");
        assertArrayEquals(left, readBack(array, STRIPE, HALF), "left half rebuilt from P and Q");
        assertArrayEquals(right, readBack(array, STRIPE + HALF, HALF), "right half rebuilt from P and Q");
    }

    @Test
    void aLoneHalfStripeWriteIsNotHeld() throws Exception {
        RaidArray array = array();
        StripeEngine engine = array.device().engine();
        Completions.Recorder w0 = submit(array, IoOp.WRITE, 0, Patterns.random(1, STRIPE));
        settle(w0);
        advancedNanos = 0;
        byte[] half = Patterns.random(2, HALF);
        Completions.Recorder w1 = submit(array, IoOp.WRITE, STRIPE, half); // sequential, but alone in flight
        settle(w1);
        assertEquals(IoStatus.OK, w1.await());
        assertTrue(advancedNanos < 1_000_000, "done after its own I/O time (" + advancedNanos + " ns), not held");
        assertEquals(0, engine.gatheredWrites());
        assertEquals(0, engine.gatherTimeouts());
        assertTrue(engine.memberReads() > 0, "written on its own: a reconstruct-write read the other half");
        assertArrayEquals(half, readBack(array, STRIPE, HALF));
    }

    @Test
    void aHeldWriteIsLetGoAsSoonAsTheWritesInFlightWithItAreDone() throws Exception {
        RaidArray array = array();
        StripeEngine engine = array.device().engine();
        Completions.Recorder w0 = submit(array, IoOp.WRITE, 0, Patterns.random(1, STRIPE));
        byte[] half = Patterns.random(2, HALF);
        Completions.Recorder w1 = submit(array, IoOp.WRITE, STRIPE, half);
        await(() -> engine.heldForGathering() == 1, "w1 is held (w0 is in flight)");
        settle(w0, w1);
        assertEquals(IoStatus.OK, w1.await());
        assertTrue(advancedNanos < 1_000_000, "w1 done " + advancedNanos + " ns in: let go when w0 finished, not at "
                + "the hold limit");
        assertEquals(0, engine.gatheredWrites());
        assertEquals(0, engine.gatherTimeouts());
        assertArrayEquals(half, readBack(array, STRIPE, HALF));
    }

    @Test
    void aHeldWriteGivesUpAfterTheHoldTimeWhileOtherWritesStayInFlight() throws Exception {
        // 4 MB/s members: w0's 16 KiB member writes take 4 ms, longer than the hold.
        RaidArray array = array(LatencyModel.of(100_000, 100_000, 0, 4L << 20));
        StripeEngine engine = array.device().engine();
        Completions.Recorder w0 = submit(array, IoOp.WRITE, 0, Patterns.random(1, STRIPE));
        byte[] half = Patterns.random(2, HALF);
        Completions.Recorder w1 = submit(array, IoOp.WRITE, STRIPE, half);
        await(() -> engine.heldForGathering() == 1, "w1 is held (w0 is in flight)");
        clock.advance(2_500_000);
        await(() -> engine.gatherTimeouts() == 1, "the hold ran out");
        assertTrue(!w0.isDone(), "w0 was still in flight");
        settle(w0, w1);
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(0, engine.gatheredWrites());
        assertArrayEquals(half, readBack(array, STRIPE, HALF));
    }

    @Test
    void aFlushLetsHeldWritesGoSoNothingIsGatheredAcrossIt() throws Exception {
        RaidArray array = array();
        StripeEngine engine = array.device().engine();
        byte[] left = Patterns.random(2, HALF);
        byte[] right = Patterns.random(3, HALF);
        Completions.Recorder w0 = submit(array, IoOp.WRITE, 0, Patterns.random(1, STRIPE));
        Completions.Recorder w1 = submit(array, IoOp.WRITE, STRIPE, left);
        await(() -> engine.heldForGathering() == 1, "w1 is held (w0 is in flight)");
        Completions.Recorder flush = submit(array, IoOp.FLUSH, 0, null);
        Completions.Recorder w2 = submit(array, IoOp.WRITE, STRIPE + HALF, right);
        settle(w0, w1, flush, w2);
        assertEquals(IoStatus.OK, flush.await());
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(IoStatus.OK, w2.await());
        assertEquals(0, engine.gatheredWrites(), "the halves on either side of the flush were written separately");
        assertTrue(engine.memberReads() > 0);
        assertArrayEquals(left, readBack(array, STRIPE, HALF));
        assertArrayEquals(right, readBack(array, STRIPE + HALF, HALF));
    }

    @Test
    void aMemberFailureWhileAWriteIsHeldLetsItBeWrittenDegraded() throws Exception {
        RaidArray array = array();
        StripeEngine engine = array.device().engine();
        byte[] left = Patterns.random(2, HALF);
        byte[] right = Patterns.random(3, HALF);
        Completions.Recorder w0 = submit(array, IoOp.WRITE, 0, Patterns.random(1, STRIPE));
        Completions.Recorder w1 = submit(array, IoOp.WRITE, STRIPE, left);
        await(() -> engine.heldForGathering() == 1, "w1 is held (w0 is in flight)");
        array.failMember(2);
        await(() -> !array.device().memberStates()[2].isUsable(), "member 2 failed");
        Completions.Recorder w2 = submit(array, IoOp.WRITE, STRIPE + HALF, right);
        settle(w0, w1, w2);
        assertEquals(IoStatus.OK, w1.await());
        assertEquals(IoStatus.OK, w2.await());
        assertEquals(0, engine.gatheredWrites(), "nothing is gathered on a degraded array");
        assertArrayEquals(left, readBack(array, STRIPE, HALF));
        assertArrayEquals(right, readBack(array, STRIPE + HALF, HALF));
    }
}
