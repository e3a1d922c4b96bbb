package org.orion.harness.scenario;

/**
 * What the clients do: {@code operations} requests, in batches of {@code concurrency} submitted
 * together (a deterministic interleaving: every request of a batch is in flight at once, the next
 * batch starts when all have completed), with a flush after every {@code flushEvery} operations.
 *
 * @param operations      number of reads and writes
 * @param sequential      true: each request starts where the previous one ended (wrapping); false: random offsets
 * @param readPercent     share of reads, 0..100
 * @param minBytes        smallest request, a multiple of 4 KiB
 * @param maxBytes        largest request, a multiple of 4 KiB
 * @param flushEvery      a FLUSH after every this many operations (0: only at the end)
 * @param concurrency     requests in flight at once (submitters)
 * @param opIntervalNanos simulated time each operation advances the clock by
 * @param seed            seed of offsets, sizes and the data written
 */
public record Workload(int operations, boolean sequential, int readPercent, int minBytes, int maxBytes,
                       int flushEvery, int concurrency, long opIntervalNanos, long seed) {
    public static final int ALIGN_BYTES = 4096;
}
