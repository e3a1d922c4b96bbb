package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.media.HeapMedia;

/** The undo log against a plain model: after any mix of writes, flushes and FUA, power loss leaves exactly the durable bytes. */
class UndoLogWriteCacheTest {
    private static final int BLOCK = 512;
    private static final int BLOCKS = 4096;

    @Test
    void shouldRestoreExactlyTheDurableContentAfterManyRandomWrites() throws IOException {
        long seed = 20261124L;
        SplittableRandom random = new SplittableRandom(seed);
        HeapMedia media = new HeapMedia((long) BLOCK * BLOCKS);
        UndoLogWriteCache cache = new UndoLogWriteCache(media, BLOCK, 4096, 64L << 20);
        byte[] durable = new byte[BLOCK * BLOCKS];
        byte[] current = new byte[BLOCK * BLOCKS];
        for (int step = 0; step < 3_000; step++) {
            int choice = random.nextInt(20);
            if (choice == 0) {
                cache.flush();
                System.arraycopy(current, 0, durable, 0, current.length);
                continue;
            }
            int first = random.nextInt(BLOCKS - 8);
            int length = (1 + random.nextInt(8)) * BLOCK;
            byte[] data = Patterns.random(seed + step, length);
            boolean fua = choice == 1;
            if (!fua) {
                cache.beforeWrite((long) first * BLOCK, length);
            }
            media.write((long) first * BLOCK, ByteBuffer.wrap(data), 0, length);
            System.arraycopy(data, 0, current, first * BLOCK, length);
            if (fua) {
                cache.markDurable((long) first * BLOCK, length);
                System.arraycopy(data, 0, durable, first * BLOCK, length);
            }
        }
        cache.powerLoss(block -> false);
        byte[] after = new byte[durable.length];
        media.readBytes(0, after, 0, after.length);
        assertArrayEquals(durable, after, "seed " + seed);
        assertEquals(0, cache.dirtyBytes());
    }

    @Test
    void shouldWriteEverythingBackWhenTheCacheWouldOverflow() throws IOException {
        HeapMedia media = new HeapMedia(1 << 20);
        UndoLogWriteCache cache = new UndoLogWriteCache(media, BLOCK, BLOCK, 4 * BLOCK);
        cache.beforeWrite(0, 3 * BLOCK);
        assertEquals(3 * BLOCK, cache.dirtyBytes());
        cache.beforeWrite(8 * BLOCK, 2 * BLOCK);
        assertEquals(2 * BLOCK, cache.dirtyBytes(), "the first three blocks were written back to make room");
        cache.beforeWrite(16 * BLOCK, 5 * BLOCK);
        assertEquals(0, cache.dirtyBytes(), "a write larger than the cache bypasses it");
    }

    @Test
    void shouldKeepEveryBlockFindableWhenOneLargeWriteGrowsTheLogToASizeThatIsNotAPowerOfTwo() throws IOException {
        HeapMedia media = new HeapMedia(1 << 20);
        byte[] before = Patterns.random(31, 1 << 20);
        media.write(0, ByteBuffer.wrap(before), 0, before.length);
        UndoLogWriteCache cache = new UndoLogWriteCache(media, BLOCK, 4096, 64L << 20);
        // 10 blocks, then 128 more at once: the log grows from 64 to 138 slots.
        cache.beforeWrite(0, 10 * BLOCK);
        media.write(0, ByteBuffer.wrap(new byte[10 * BLOCK]), 0, 10 * BLOCK);
        cache.beforeWrite(64 * BLOCK, 128 * BLOCK);
        media.write(64 * BLOCK, ByteBuffer.wrap(new byte[128 * BLOCK]), 0, 128 * BLOCK);
        assertEquals(138 * BLOCK, cache.dirtyBytes());
        cache.powerLoss(block -> false);
        byte[] after = new byte[before.length];
        media.readBytes(0, after, 0, after.length);
        assertArrayEquals(before, after, "every overwritten block is restored");
    }
}
