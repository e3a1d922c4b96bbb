package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;

/**
 * With zero latency a request runs inside submit and must allocate nothing: measured with the
 * JVM's per-thread allocation counter over thousands of pooled requests after a warm-up.
 */
class AllocationFreeDataPathTest {
    private static final int ROUNDS = 20_000;
    @TempDir
    Path directory;

    /** A completion that only counts, so the test itself allocates nothing per request. */
    private static final class Counting implements IoCompletion {
        long ok;

        @Override
        public void onComplete(IoRequest request, IoStatus status) {
            if (status == IoStatus.OK) {
                ok++;
            }
        }
    }

    @ParameterizedTest(name = "on file: {0}")
    @ValueSource(booleans = {false, true})
    void shouldNotAllocatePerRequestWithZeroLatency(boolean onFile) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations");
        threads.setThreadAllocatedMemoryEnabled(true);
        Path file = onFile ? directory.resolve("alloc.img") : null;
        try (SimController controller = SimController.create("nvme0", SimPersonality.NVME, NanoClock.system(),
                LatencyModel.ZERO, List.of(new SimDiskSpec("d", 4 << 20, 512, 4096, file, true)))) {
            SimDisk disk = controller.disk(0);
            IoRequest request = new IoRequest();
            ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
            Counting completion = new Counting();
            // On a file FLUSH and FUA cost a real fsync each, so they are rarer there to keep the test fast.
            int syncEvery = onFile ? 1_000 : 10;
            runRounds(disk, request, buffer, completion, syncEvery);
            long threadId = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(threadId);
            runRounds(disk, request, buffer, completion, syncEvery);
            long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertEquals(2L * ROUNDS, completion.ok);
            assertTrue(allocated < 4096, allocated + " bytes allocated over " + ROUNDS + " requests");
        }
    }

    private static void runRounds(SimDisk disk, IoRequest request, ByteBuffer buffer, Counting completion,
                                  int syncEvery) {
        for (int i = 0; i < ROUNDS; i++) {
            long offset = (i * 37L % 60) * 65536;
            IoOp op;
            int flags = 0;
            switch (i % 5) {
                case 0:
                case 1:
                    op = IoOp.WRITE;
                    flags = i % syncEvery == 1 ? IoRequest.FLAG_FUA : 0;
                    break;
                case 2:
                case 3:
                    op = IoOp.READ;
                    break;
                default:
                    op = i % syncEvery == 4 ? IoOp.FLUSH : IoOp.WRITE_ZEROES;
            }
            int length = op == IoOp.FLUSH ? 0 : 4096 * (1 + i % 16);
            request.set(op, offset, length, op.usesBuffer() ? buffer : null, 0, flags, completion);
            if (disk.submit(request) != IoStatus.OK) {
                throw new AssertionError("refused " + request);
            }
        }
    }
}
