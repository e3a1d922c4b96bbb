package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
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

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @MethodSource("arrays")
    void shouldReadBackTheModelWhileMembersFailUpToTheRedundancy(int level, String layout, int members) throws Exception {
        long seed = SEED ^ (level * 1_000_003L + members * 7919L + (layout == null ? 0 : layout.hashCode()));
        String note = "[seed " + seed + " raid" + level + " " + layout + " x" + members + "]";
        SplittableRandom random = new SplittableRandom(seed);
        ArrayFixture fixture = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        RaidArray array = fixture.array;
        try {
            ArrayModel model = new ArrayModel(array.info().capacityBytes(), note);
            int redundancy = array.device().layout().redundancy();
            int failuresPlanned = redundancy;
            for (int round = 0; round < 12; round++) {
                model.runBatch(array, randomBatch(random, model.bytes.length), "round " + round);
                if (round % 4 == 3) {
                    concurrentSubmitters(array, model, random.nextLong(), note + " round " + round);
                }
                if (failuresPlanned > 0 && round % 4 == 1) {
                    failOneMoreMember(array, random, note);
                    failuresPlanned--;
                }
            }
            model.verifyAll(array, "final read");
            assertNotEquals("failed", array.status().state(), note);
            assertEquals(0, array.device().engine().internalErrors(), note);
        } finally {
            array.close();
        }
    }

    /** Up to 16 non-overlapping requests of random kind, size (512 B .. 192 KiB) and alignment. */
    private static List<ArrayModel.Op> randomBatch(SplittableRandom random, int capacity) {
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
