package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The data path allocates nothing per request once warm: the server's reader and loop threads are
 * measured (HotSpot's per-thread allocation counter) over thousands of reads, writes, unaligned
 * writes, zeroes and flushes after a warm-up, against a zero-latency simulated disk whose
 * completions run on those same threads.
 */
class SteadyStateAllocationTest {
    private static final int REQUESTS = 4000;

    @Test
    void shouldAllocateNothingPerRequestOnceWarm() throws Exception {
        var mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocations per thread");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        threads.setThreadAllocatedMemoryEnabled(true);
        try (TestDevices devices = new TestDevices();
             NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).export("d", devices.disk(8L << 20), false, "")
                     .build().start();
             RawNbdClient c = new RawNbdClient(server.boundPort()).go("d", true, false)) {
            byte[] data = new byte[4096];
            byte[] odd = new byte[777];
            mix(c, data, odd, REQUESTS); // warm-up: pools grow, classes load, JIT compiles
            long[] ids = serverThreadIds();
            assertEquals(2, ids.length, "one reader and one loop thread");
            long before = sum(threads.getThreadAllocatedBytes(ids));
            mix(c, data, odd, REQUESTS);
            long allocated = sum(threads.getThreadAllocatedBytes(ids)) - before;
            System.out.println("server threads allocated " + allocated + " bytes over " + REQUESTS + " requests");
            assertTrue(allocated < 64 * 1024, "the server threads allocated " + allocated + " bytes over " + REQUESTS
                    + " requests (threads " + Arrays.toString(ids) + ")");
        }
    }

    private static void mix(RawNbdClient c, byte[] data, byte[] odd, int requests) throws Exception {
        for (int i = 0; i < requests; i += 5) {
            long at = (i * 4096L) % (4L << 20);
            c.request(0, 1, i, at, data.length, data);
            c.request(0, 0, i + 1, at, data.length, null);
            c.request(1, 1, i + 2, at + 4097 * 3 + 5, odd.length, odd);
            c.request(0, 6, i + 3, at + 100_000, 5000, null);
            c.request(0, 3, i + 4, 0, 0, null);
            for (int r = 0; r < 5; r++) {
                c.reply(4096);
            }
        }
    }

    private static long[] serverThreadIds() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("orion-nbd-\\d+(-tx)?")).mapToLong(Thread::getId).toArray();
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }
}
