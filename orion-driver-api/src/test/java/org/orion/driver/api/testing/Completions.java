package org.orion.driver.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Test helpers that submit requests and wait for them, while counting how often each completion
 * runs (a device that completes twice fails the test, not just a log line).
 */
public final class Completions {
    public static final long WAIT_SECONDS = 60;

    private Completions() {
    }

    /** A completion that records its status and how many times it ran. */
    public static final class Recorder implements IoCompletion {
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();
        private final AtomicReference<IoStatus> status = new AtomicReference<>();

        @Override
        public void onComplete(IoRequest request, IoStatus s) {
            calls.incrementAndGet();
            status.set(s);
            done.countDown();
        }

        public IoStatus await() {
            try {
                if (!done.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    fail("request did not complete within " + WAIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
            return status.get();
        }

        public int calls() {
            return calls.get();
        }

        public boolean isDone() {
            return done.getCount() == 0;
        }
    }

    /** Submits and waits; a refusal is returned as the status (and the completion must not have run). */
    public static IoStatus run(BlockDevice device, IoOp op, long offsetBytes, int lengthBytes, ByteBuffer buffer,
                               int bufferOffset, int flags) {
        Recorder recorder = new Recorder();
        IoRequest request = new IoRequest().set(op, offsetBytes, lengthBytes, buffer, bufferOffset, flags, recorder);
        IoStatus accepted = device.submit(request);
        if (accepted != IoStatus.OK) {
            assertEquals(0, recorder.calls(), "a refused request must not run its completion");
            return accepted;
        }
        IoStatus status = recorder.await();
        assertEquals(1, recorder.calls(), "completion must run exactly once");
        return status;
    }

    public static IoStatus write(BlockDevice device, long offsetBytes, byte[] data) {
        return run(device, IoOp.WRITE, offsetBytes, data.length, ByteBuffer.wrap(data), 0, 0);
    }

    public static IoStatus writeFua(BlockDevice device, long offsetBytes, byte[] data) {
        return run(device, IoOp.WRITE, offsetBytes, data.length, ByteBuffer.wrap(data), 0, IoRequest.FLAG_FUA);
    }

    public static IoStatus flush(BlockDevice device) {
        return run(device, IoOp.FLUSH, 0, 0, null, 0, 0);
    }

    /** Reads and asserts success. */
    public static byte[] read(BlockDevice device, long offsetBytes, int lengthBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(lengthBytes);
        IoStatus status = run(device, IoOp.READ, offsetBytes, lengthBytes, buffer, 0, 0);
        assertEquals(IoStatus.OK, status, "read at " + offsetBytes + " (+" + lengthBytes + ")");
        return buffer.array();
    }

    public static void assertOk(IoStatus status, String what) {
        assertTrue(status == IoStatus.OK, what + " returned " + status);
    }
}
