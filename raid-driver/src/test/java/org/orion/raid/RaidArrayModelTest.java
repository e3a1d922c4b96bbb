package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.raid.array.MemberState;

/**
 * Model-based randomized tests for every level: random reads, writes, write-zeroes and flushes, in
 * concurrent batches and from concurrent submitters, against a plain byte-array model, while
 * members fail one by one up to the level's redundancy. Every read must equal the model. The seed
 * is printed in every failure message; rerun with {@code -Dorion.test.seed=N} to reproduce.
 */
class RaidArrayModelTest {
    private static final long SEED = Long.getLong("orion.test.seed", System.nanoTime());
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;

    static Stream<Arguments> arrays() {
        return Stream.of(
                Arguments.of(0, "original", 3),
                Arguments.of(1, null, 3),
                Arguments.of(4, null, 4),
                Arguments.of(5, "left-asymmetric", 4),
                Arguments.of(5, "right-asymmetric", 5),
                Arguments.of(5, "left-symmetric", 3),
                Arguments.of(5, "right-symmetric", 4),
                Arguments.of(5, "parity-first", 4),
                Arguments.of(5, "parity-last", 5),
                Arguments.of(6, "left-symmetric", 6),
                Arguments.of(6, "left-asymmetric", 5),
                Arguments.of(6, "right-asymmetric", 7),
                Arguments.of(6, "right-symmetric", 5),
                Arguments.of(6, "parity-first", 6),
                Arguments.of(6, "parity-last", 5),
                Arguments.of(6, "left-symmetric-6", 6),
                Arguments.of(6, "right-asymmetric-6", 5),
                Arguments.of(6, "parity-first-6", 6),
                Arguments.of(6, "ddf-zero-restart", 6),
                Arguments.of(6, "ddf-N-continue", 5),
                Arguments.of(10, "n2", 4),
                Arguments.of(10, "n2", 3),
                Arguments.of(10, "f2", 4),
                Arguments.of(10, "o2", 5),
                Arguments.of(10, "n3", 4));
    }

    /**
     * Parity levels with 64 KiB chunks cut into 16 KiB columns: full column ranges of a stripe are
     * written in batches of merged member writes ({@code StripeWriteBatch}), so the model checks
     * those too, with failures.
     */
    static Stream<Arguments> batchedArrays() {
        return Stream.of(
                Arguments.of(4, null, 4),
                Arguments.of(5, "left-symmetric", 4),
                Arguments.of(5, "right-asymmetric", 5),
                Arguments.of(6, "left-symmetric", 6),
                Arguments.of(6, "parity-first-6", 5),
                Arguments.of(6, "ddf-N-continue", 6));
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @MethodSource("arrays")
    void shouldReadBackTheModelWhileMembersFailUpToTheRedundancy(int level, String layout, int members) throws Exception {
        run(level, layout, members, new Variant(CHUNK, RaidOptions.DEFAULTS.withStripeCacheEntries(64), LatencyModel.ZERO,
                0, 12, 1));
    }

    /**
     * Member writes take 1 ms, so the writes of a stream are in flight together and get gathered
     * even when the submitting thread is descheduled between submits (with 20 us, one case in the
     * full suite on a loaded 2-core machine saw no batch at all); reads and flushes take 20 us.
     * Round 0 is a stream over three stripes and the first member fails only after six rounds, so
     * batches are written healthy before the model checks reads through failures.
     */
    @ParameterizedTest(name = "raid{0} {1} x{2}, 64 KiB chunks in 16 KiB columns")
    @MethodSource("batchedArrays")
    void shouldReadBackTheModelWithBatchedStripeWritesWhileMembersFail(int level, String layout, int members)
            throws Exception {
        RaidArray array = run(level, layout, members, new Variant(4 * CHUNK,
                RaidOptions.DEFAULTS.withStripeCacheEntries(64).withColumnBytes(CHUNK),
                LatencyModel.of(20_000, 1_000_000, 20_000, 1L << 30), 0x5eed, 16, 6));
        assertTrue(array.device().engine().batchedWrites() > 0, "some stripes were written in batches");
    }

    /** How the array under test is built and how long it stays healthy. */
    private record Variant(int chunkBytes, RaidOptions options, LatencyModel latency, long salt, int rounds,
                           int firstFailureRound) {
    }

    private static RaidArray run(int level, String layout, int members, Variant v) throws Exception {
        long seed = SEED ^ v.salt() ^ (level * 1_000_003L + members * 7919L + (layout == null ? 0 : layout.hashCode()));
        String note = "[seed " + seed + " raid" + level + " " + layout + " x" + members + " chunk " + v.chunkBytes() + "]";
        SplittableRandom random = new SplittableRandom(seed);
        ArrayFixture fixture = ArrayFixture.build(level, layout, members, v.chunkBytes(), DISK_BYTES,
                UnaryOperator.identity(), new int[0], false, v.latency(), NanoClock.system(), v.options());
        RaidArray array = fixture.array;
        try {
            ArrayModel model = new ArrayModel(array.info().capacityBytes(), note);
            int redundancy = array.device().layout().redundancy();
            int failuresPlanned = redundancy;
            long stripeBytes = array.device().layout().stripeBytes();
            for (int round = 0; round < v.rounds(); round++) {
                List<ArrayModel.Op> batch = round == 0 && v.firstFailureRound() > 1
                        ? sequentialWrites(random, model.bytes.length, 3 * stripeBytes)
                        : randomBatch(random, model.bytes.length);
                model.runBatch(array, batch, "round " + round);
                if (round % 4 == 3) {
                    concurrentSubmitters(array, model, random.nextLong(), note + " round " + round);
                }
                if (failuresPlanned > 0 && round >= v.firstFailureRound() && (round - v.firstFailureRound()) % 4 == 0) {
                    failOneMoreMember(array, random, note);
                    failuresPlanned--;
                }
            }
            model.verifyAll(array, "final read");
            assertNotEquals("failed", array.status().state(), note);
            assertEquals(0, array.device().engine().internalErrors(), note);
            return array;
        } finally {
            array.close();
        }
    }

    /**
     * Up to 16 non-overlapping requests of random kind, size (512 B .. 192 KiB) and alignment; one
     * batch in four is a sequential stream of writes instead, in flight together, so partial-stripe
     * writes are gathered (and full ones batched).
     */
    private static List<ArrayModel.Op> randomBatch(SplittableRandom random, int capacity) {
        if (random.nextInt(4) == 0) {
            return sequentialWrites(random, capacity, 0);
        }
        List<ArrayModel.Op> ops = new ArrayList<>();
        List<long[]> taken = new ArrayList<>();
        int count = 1 + random.nextInt(16);
        for (int i = 0; i < count; i++) {
            int sectors = random.nextInt(10) < 7 ? 1 + random.nextInt(16) : 1 + random.nextInt(384);
            int length = sectors * 512;
            long offset = (long) random.nextInt((capacity - length) / 512 + 1) * 512;
            boolean overlaps = false;
            for (long[] t : taken) {
                overlaps |= offset < t[1] && t[0] < offset + length;
            }
            if (overlaps) {
                continue;
            }
            taken.add(new long[] {offset, offset + length});
            int kind = random.nextInt(20);
            if (kind < 9) {
                ops.add(new ArrayModel.Op(IoOp.WRITE, offset, length, Patterns.random(random.nextLong(), length)));
            } else if (kind < 18) {
                ops.add(new ArrayModel.Op(IoOp.READ, offset, length, null));
            } else if (kind == 18) {
                ops.add(new ArrayModel.Op(IoOp.WRITE_ZEROES, offset, length, null));
            } else {
                ops.add(new ArrayModel.Op(IoOp.FLUSH, 0, 0, null));
            }
        }
        return ops;
    }

    /**
     * 4 to 16 writes of 4 KiB .. 256 KiB (more while they cover less than {@code minBytes}), each
     * starting where the previous one ended, from a random start in the first half of the array.
     */
    private static List<ArrayModel.Op> sequentialWrites(SplittableRandom random, int capacity, long minBytes) {
        List<ArrayModel.Op> ops = new ArrayList<>();
        int count = 4 + random.nextInt(13);
        long start = (long) random.nextInt(capacity / 2 / 4096) * 4096 + (random.nextBoolean() ? 0 : 512L * random.nextInt(8));
        long offset = start;
        for (int i = 0; i < count || offset - start < minBytes; i++) {
            int length = random.nextBoolean() ? 4096 * (1 + random.nextInt(64)) : 512 * (1 + random.nextInt(512));
            if (offset + length > capacity) {
                break;
            }
            ops.add(new ArrayModel.Op(IoOp.WRITE, offset, length, Patterns.random(random.nextLong(), length)));
            offset += length;
        }
        return ops;
    }

    /**
     * Three threads each own every third 4 KiB block and write/read only those, so their requests
     * share stripes (and parity) but never bytes: the model stays exact while RMW serialization is
     * exercised.
     */
    private static void concurrentSubmitters(RaidArray array, ArrayModel model, long seed, String note) throws Exception {
        int threads = 3;
        int blocks = model.bytes.length / 4096;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int owner = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed + owner);
                    for (int i = 0; i < 60; i++) {
                        int block = random.nextInt(blocks / threads) * threads + owner;
                        long offset = block * 4096L;
                        if (random.nextBoolean()) {
                            byte[] data = Patterns.random(random.nextLong(), 4096);
                            Completions.assertOk(Completions.write(array, offset, data), note + " write " + offset);
                            System.arraycopy(data, 0, model.bytes, (int) offset, 4096);
                        } else {
                            byte[] expected = java.util.Arrays.copyOfRange(model.bytes, (int) offset, (int) offset + 4096);
                            assertArrayEquals(expected, Completions.read(array, offset, 4096), note + " read " + offset);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fails a random in-sync member whose loss the layout survives. */
    private static void failOneMoreMember(RaidArray array, SplittableRandom random, String note) throws Exception {
        MemberState[] states = array.device().memberStates();
        boolean[] missing = new boolean[states.length];
        for (int i = 0; i < states.length; i++) {
            missing[i] = !states[i].isUsable();
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int slot = random.nextInt(states.length);
            if (missing[slot]) {
                continue;
            }
            missing[slot] = true;
            if (array.device().layout().survives(missing)) {
                array.failMember(slot);
                waitUntilFaulty(array, slot, note);
                return;
            }
            missing[slot] = false;
        }
    }

    private static void waitUntilFaulty(RaidArray array, int slot, String note) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (array.device().memberStates()[slot].isUsable()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(note + ": member " + slot + " not marked faulty");
            }
            Thread.sleep(1);
        }
    }
}
