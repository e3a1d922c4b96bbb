package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions.Recorder;
import org.orion.driver.api.testing.Patterns;

/** Simulated latency, queue depth and power events, driven step by step on a manual clock. */
class SimDiskOnManualClockTest {
    private static final LatencyModel LATENCY = new LatencyModel(10_000, 20_000, 40_000, 0, 0);
    private final ManualClock clock = new ManualClock();
    private SimController controller;

    private SimDisk disk(LatencyModel latency, int queueDepth, boolean volatileCache) {
        controller = SimController.create("sata0", SimPersonality.SATA, clock, latency,
                List.of(new SimDiskSpec("disk0", 1 << 20, 512, 4096, null, volatileCache)), queueDepth);
        return controller.disk(0);
    }

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    private static Recorder submit(SimDisk disk, IoOp op, long offsetBytes, ByteBuffer buffer, int flags) {
        Recorder recorder = new Recorder();
        int length = op == IoOp.FLUSH ? 0 : buffer == null ? 4096 : buffer.capacity();
        IoStatus accepted = disk.submit(new IoRequest().set(op, offsetBytes, length, buffer, 0, flags, recorder));
        assertEquals(IoStatus.OK, accepted, op + " accepted");
        return recorder;
    }

    @Test
    void shouldCompleteOnlyOnceTheClockPassesTheServiceTime() {
        SimDisk disk = disk(LATENCY, 32, false);
        byte[] data = Patterns.random(1, 4096);
        Recorder write = submit(disk, IoOp.WRITE, 0, ByteBuffer.wrap(data), 0);
        clock.advance(19_999);
        assertFalse(write.isDone(), "a write takes 20 us");
        clock.advance(1);
        assertTrue(write.isDone());
        assertEquals(IoStatus.OK, write.await());

        ByteBuffer back = ByteBuffer.allocate(4096);
        Recorder read = submit(disk, IoOp.READ, 0, back, 0);
        assertFalse(read.isDone());
        assertEquals(0, back.get(0) | back.get(4095), "data moves when the read completes, not before");
        clock.advance(10_000);
        assertEquals(IoStatus.OK, read.await());
        assertArrayEquals(data, back.array());
    }

    @Test
    void shouldCompleteInDueTimeOrderWithTiesInSubmissionOrder() {
        SimDisk disk = disk(LATENCY, 32, false);
        List<String> order = new ArrayList<>();
        disk.submit(new IoRequest().flush((r, s) -> order.add("flush")));
        disk.submit(new IoRequest().write(0, 512, ByteBuffer.allocate(512), 0, 0, (r, s) -> order.add("write1")));
        disk.submit(new IoRequest().read(0, 512, ByteBuffer.allocate(512), 0, (r, s) -> order.add("read")));
        disk.submit(new IoRequest().write(512, 512, ByteBuffer.allocate(512), 0, 0, (r, s) -> order.add("write2")));
        clock.advance(1_000_000);
        assertEquals(List.of("read", "write1", "write2", "flush"), order);
    }

    @Test
    void shouldRunAChainOfDependentRequestsWithinOneAdvanceEachAtItsDueTime() {
        SimDisk disk = disk(LATENCY, 32, false);
        List<Long> completedAt = new ArrayList<>();
        IoRequest request = new IoRequest();
        ByteBuffer buffer = ByteBuffer.allocate(512);
        IoCompletion[] next = new IoCompletion[1];
        next[0] = (r, status) -> {
            completedAt.add(clock.nanoTime());
            if (completedAt.size() < 10) {
                // Resubmitting from the completion: the next read is due 10 us after this one completed.
                assertEquals(IoStatus.OK, disk.submit(request.read(0, 512, buffer, 0, next[0])));
            }
        };
        assertEquals(IoStatus.OK, disk.submit(request.read(0, 512, buffer, 0, next[0])));
        clock.advance(1_000_000);
        assertEquals(List.of(10_000L, 20_000L, 30_000L, 40_000L, 50_000L, 60_000L, 70_000L, 80_000L, 90_000L,
                100_000L), completedAt);
        assertEquals(1_000_000, clock.nanoTime());
    }

    @Test
    void shouldRefuseWithBusyWhenTheQueueIsFullAndAcceptAgainOnceItDrains() {
        SimDisk disk = disk(LATENCY, 4, false);
        List<Recorder> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(submit(disk, IoOp.READ, i * 4096L, ByteBuffer.allocate(4096), 0));
        }
        Recorder refused = new Recorder();
        IoRequest fifth = new IoRequest().read(0, 4096, ByteBuffer.allocate(4096), 0, refused);
        assertEquals(IoStatus.BUSY, disk.submit(fifth));
        clock.advance(10_000);
        assertEquals(0, refused.calls(), "a refused request is never completed");
        for (Recorder recorder : inFlight) {
            assertEquals(IoStatus.OK, recorder.await());
        }
        assertEquals(IoStatus.OK, disk.submit(fifth));
    }

    @Test
    void shouldHonourTheDefaultQueueDepthOfThePersonality() {
        SimDisk disk = disk(LATENCY, SimPersonality.SATA.defaultQueueDepth(), false);
        for (int i = 0; i < 32; i++) {
            submit(disk, IoOp.READ, 0, ByteBuffer.allocate(512), 0);
        }
        assertEquals(IoStatus.BUSY, disk.submit(new IoRequest().read(0, 512, ByteBuffer.allocate(512), 0, null)));
    }

    @Test
    void shouldCompleteInsideSubmitOnTheCallersThreadWithZeroLatency() {
        SimDisk disk = disk(LatencyModel.ZERO, 1, false);
        Thread caller = Thread.currentThread();
        Thread[] completedOn = new Thread[1];
        IoRequest request = new IoRequest().write(0, 512, ByteBuffer.allocate(512), 0, 0,
                (r, s) -> completedOn[0] = Thread.currentThread());
        assertEquals(IoStatus.OK, disk.submit(request));
        assertTrue(request.isCompleted());
        assertEquals(caller, completedOn[0]);
        assertEquals(0, controller.scheduler().pending());
    }

    @Test
    void shouldRunRequestsDueNowOnRunDue() {
        SimDisk disk = disk(new LatencyModel(10_000, 10_000, 0, 0, 0), 8, false);
        Recorder flush = submit(disk, IoOp.FLUSH, 0, null, 0);
        assertFalse(flush.isDone(), "even a zero-cost request waits for the clock or runDue");
        assertEquals(1, controller.runDue());
        assertEquals(IoStatus.OK, flush.await());
    }

    @Test
    void shouldAbortQueuedRequestsAtPowerLossWithoutApplyingThem() {
        SimDisk disk = disk(LATENCY, 32, true);
        Recorder write = submit(disk, IoOp.WRITE, 0, ByteBuffer.wrap(Patterns.random(3, 4096)), 0);
        disk.powerLoss();
        assertEquals(IoStatus.ABORTED, write.await());
        assertTrue(disk.isOnline(), "a power cycle brings the disk back");
        clock.advance(1_000_000);
        ByteBuffer back = ByteBuffer.allocate(4096);
        Recorder read = submit(disk, IoOp.READ, 0, back, 0);
        clock.advance(1_000_000);
        assertEquals(IoStatus.OK, read.await());
        assertArrayEquals(new byte[4096], back.array(), "the aborted write never reached the medium");
        assertEquals(1, write.calls());
    }

    @Test
    void shouldRefuseEverythingWhilePulledAndShowDurableContentWhenReinserted() {
        SimDisk disk = disk(LatencyModel.ZERO, 32, true);
        byte[] durable = Patterns.random(4, 4096);
        submit(disk, IoOp.WRITE, 0, ByteBuffer.wrap(durable), IoRequest.FLAG_FUA);
        submit(disk, IoOp.WRITE, 4096, ByteBuffer.wrap(Patterns.random(5, 4096)), 0);
        disk.pull();
        assertFalse(disk.isOnline());
        assertEquals(IoStatus.NO_DEVICE, disk.submit(new IoRequest().read(0, 4096, ByteBuffer.allocate(4096), 0, null)));
        disk.reinsert();
        ByteBuffer back = ByteBuffer.allocate(8192);
        submit(disk, IoOp.READ, 0, back, 0);
        assertArrayEquals(durable, java.util.Arrays.copyOfRange(back.array(), 0, 4096));
        assertArrayEquals(new byte[4096], java.util.Arrays.copyOfRange(back.array(), 4096, 8192), "unflushed write lost");
    }

    @Test
    void shouldCompleteQueuedRequestsWithNoDeviceWhenPulled() {
        SimDisk disk = disk(LATENCY, 32, false);
        Recorder read = submit(disk, IoOp.READ, 0, ByteBuffer.allocate(512), 0);
        disk.pull();
        assertEquals(IoStatus.NO_DEVICE, read.await());
    }

    @Test
    void shouldAbortQueuedRequestsAndCompleteThemBeforeCloseReturns() {
        SimDisk disk = disk(LATENCY, 32, false);
        Recorder read = submit(disk, IoOp.READ, 0, ByteBuffer.allocate(512), 0);
        disk.close();
        assertTrue(read.isDone(), "in flight requests have completed when close returns");
        assertEquals(IoStatus.ABORTED, read.await());
        assertEquals(IoStatus.NO_DEVICE, disk.submit(new IoRequest().flush(null)));
    }
}
