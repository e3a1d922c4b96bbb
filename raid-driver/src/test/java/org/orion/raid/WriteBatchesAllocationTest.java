package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;

/**
 * Stripe writes in batches ({@code StripeWriteBatch}) allocate nothing per request once warm: the
 * ring thread's allocation counter (HotSpot) over thousands of sequential writes on RAID6 4+2 with
 * 64 KiB chunks in 16 KiB columns.
 */
class WriteBatchesAllocationTest {
    private static final int CHUNK = 64 * 1024;
    private static final int COLUMN = 16 * 1024;
    private static final int STRIPE = 4 * CHUNK;

    @Test
    void batchedWritesAllocateNothingOnTheRingThreadOnceWarm() throws Exception {
        // Zero-latency members complete inside submit, so the whole data path runs on the ring thread.
        RaidArray array = ArrayFixture.build(6, "left-symmetric", 6, CHUNK, 8L << 20, UnaryOperator.identity(),
                new int[0], false, LatencyModel.ZERO, NanoClock.system(),
                RaidOptions.DEFAULTS.withStripeCacheEntries(64).withColumnBytes(COLUMN)).array;
        try {
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] ring = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("orion-ring-" + array.info().name()) && t.isAlive())
                    .mapToLong(Thread::getId).toArray();
            assertEquals(1, ring.length, "one ring thread for the array");
            StreamWriter writer = new StreamWriter(array);
            for (int round = 0; round < 3; round++) {
                long before = threads.getThreadAllocatedBytes(ring[0]);
                writer.write(6000);
                long allocated = threads.getThreadAllocatedBytes(ring[0]) - before;
                if (round == 2) {
                    assertTrue(allocated < 64 * 1024, allocated + " bytes allocated on the ring thread for 6000 writes");
                }
            }
            assertTrue(array.device().engine().batchedWrites() >= 4000, "every whole stripe went through a batch");
            assertEquals(0, writer.failures.get());
        } finally {
            array.close();
        }
    }

    /**
     * Sequential writes from one direct buffer, 8 in flight, with requests made once: two halves of
     * a stripe (gathered when held together, else written on their own), then a whole stripe.
     */
    private static final class StreamWriter {
        private final RaidArray array;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(STRIPE);
        private final IoRequest[] requests = new IoRequest[8];
        private final AtomicBoolean[] busy = new AtomicBoolean[8];
        private final IoCompletion[] completions = new IoCompletion[8];
        final AtomicInteger failures = new AtomicInteger();
        private final long stripes;
        private long next;

        StreamWriter(RaidArray array) {
            this.array = array;
            this.stripes = array.info().capacityBytes() / STRIPE;
            for (int i = 0; i < requests.length; i++) {
                int slot = i;
                requests[i] = new IoRequest();
                busy[i] = new AtomicBoolean();
                completions[i] = (request, status) -> {
                    if (status != IoStatus.OK) {
                        failures.incrementAndGet();
                    }
                    busy[slot].set(false);
                };
            }
        }

        void write(int count) throws InterruptedException {
            for (int n = 0; n < count; n++) {
                int slot = freeSlot();
                long step = next++ % (stripes / 2 * 3); // 3 writes per 2 stripes
                long offset = step / 3 * 2 * STRIPE + (step % 3) * (STRIPE / 2);
                int length = step % 3 == 2 ? STRIPE : STRIPE / 2;
                busy[slot].set(true);
                IoStatus accepted = array.submit(requests[slot].set(IoOp.WRITE, offset, length, buffer, 0, 0,
                        completions[slot]));
                assertEquals(IoStatus.OK, accepted);
            }
            for (int i = 0; i < busy.length; i++) {
                while (busy[i].get()) {
                    Thread.sleep(0, 100_000);
                }
            }
        }

        private int freeSlot() throws InterruptedException {
            while (true) {
                for (int i = 0; i < busy.length; i++) {
                    if (!busy[i].get()) {
                        return i;
                    }
                }
                Thread.sleep(0, 50_000);
            }
        }
    }
}
