package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.spi.LargePageMemory;

/** Connection buffers: size classes, alignment, reuse, and the memory budget. */
class BufferPoolTest {
    @Test
    void shouldRoundRequestsUpToPowerOfTwoClassesAndOneLargestClass() {
        assertEquals(4096, BufferPool.classBytes(BufferPool.classOf(1)));
        assertEquals(4096, BufferPool.classBytes(BufferPool.classOf(4096)));
        assertEquals(8192, BufferPool.classBytes(BufferPool.classOf(4097)));
        assertEquals(32 << 20, BufferPool.classBytes(BufferPool.classOf(32 << 20)));
        assertEquals(BufferPool.LARGEST_BUFFER_BYTES, BufferPool.classBytes(BufferPool.classOf((32 << 20) + 1)));
    }

    @Test
    void shouldHandOutAlignedDirectBuffersAndReuseThem() {
        BufferPool pool = new BufferPool(BufferPool.LARGEST_BUFFER_BYTES);
        ByteBuffer b = pool.take(5000);
        assertTrue(b.isDirect());
        assertEquals(8192, b.capacity());
        assertEquals(0, b.alignmentOffset(0, 4096));
        pool.give(b);
        assertSame(b, pool.take(6000));
    }

    @Test
    void shouldMakeAReaderWaitWhenTheBudgetIsSpentAndDropCachedBuffersToFit() throws Exception {
        BufferPool pool = new BufferPool(BufferPool.LARGEST_BUFFER_BYTES);
        ByteBuffer big = pool.take(32 << 20);
        CompletableFuture<ByteBuffer> waiting = CompletableFuture.supplyAsync(() -> pool.take(1 << 20));
        Thread.sleep(100);
        assertTrue(!waiting.isDone(), "over budget: waits");
        pool.give(big);
        ByteBuffer small = waiting.get(5, TimeUnit.SECONDS);
        assertEquals(1 << 20, small.capacity());
        assertTrue(pool.ownedBytes() <= BufferPool.LARGEST_BUFFER_BYTES, "the cached 32 MiB buffer was dropped");
        pool.close();
        assertNull(pool.take(4096), "a closed pool hands out nothing");
    }

    /** Large pages of 2 MiB that hand out plain direct buffers and remember what is outstanding. */
    private static final class RecordingLargePages implements LargePageMemory {
        final List<ByteBuffer> outstanding = new ArrayList<>();
        boolean exhausted;

        @Override
        public int pageBytes() {
            return 2 << 20;
        }

        @Override
        public Optional<ByteBuffer> allocate(int bytes) {
            if (exhausted) {
                return Optional.empty();
            }
            ByteBuffer b = ByteBuffer.allocateDirect(bytes);
            outstanding.add(b);
            return Optional.of(b);
        }

        @Override
        public void free(ByteBuffer buffer) {
            assertTrue(outstanding.removeIf(b -> b == buffer), "freed once, and only what was handed out");
        }
    }

    @Test
    void shouldTakeBuffersOfOneMebibyteAndMoreFromLargePagesAndChargeWholePages() {
        RecordingLargePages pages = new RecordingLargePages();
        BufferPool pool = new BufferPool(BufferPool.LARGEST_BUFFER_BYTES + (4L << 20), pages);
        ByteBuffer small = pool.take(512 << 10);
        ByteBuffer mebibyte = pool.take(1 << 20);
        assertEquals(List.of(mebibyte), pages.outstanding, "512 KiB from ordinary memory, 1 MiB from large pages");
        assertEquals((512L << 10) + (2 << 20), pool.ownedBytes(), "a 1 MiB buffer occupies a whole 2 MiB page");
        pool.give(mebibyte);
        assertSame(mebibyte, pool.take(1 << 20), "reused like any other");
        pool.give(mebibyte);
        pool.give(small);
        pool.close();
        assertTrue(pages.outstanding.isEmpty(), "closing unmaps the large-page buffers it held");
        assertEquals(0, pool.ownedBytes());
    }

    @Test
    void shouldUnmapALargePageBufferItDropsToMakeRoomAndOneGivenBackAfterClose() {
        RecordingLargePages pages = new RecordingLargePages();
        BufferPool pool = new BufferPool(BufferPool.LARGEST_BUFFER_BYTES + (2L << 20), pages);
        ByteBuffer mebibyte = pool.take(1 << 20);
        pool.give(mebibyte);
        ByteBuffer largest = pool.take(BufferPool.LARGEST_BUFFER_BYTES);
        assertEquals(List.of(), pages.outstanding.stream().filter(b -> b == mebibyte).toList(),
                "the cached 1 MiB buffer was unmapped to fit the largest request");
        pool.give(largest);
        ByteBuffer held = pool.take(1 << 20);
        assertEquals(List.of(held), pages.outstanding, "the cached largest buffer was unmapped in turn");
        pool.close();
        assertEquals(List.of(held), pages.outstanding, "a buffer still handed out stays mapped until it comes back");
        pool.give(held);
        assertTrue(pages.outstanding.isEmpty(), "given back after close: unmapped");
    }

    @Test
    void shouldUseOrdinaryMemoryWhenLargePagesRunOutOrTheBudgetCannotHoldAWholePage() {
        RecordingLargePages pages = new RecordingLargePages();
        pages.exhausted = true;
        BufferPool pool = new BufferPool(BufferPool.LARGEST_BUFFER_BYTES + (4L << 20), pages);
        ByteBuffer mebibyte = pool.take(1 << 20);
        assertTrue(mebibyte.isDirect());
        assertEquals(1 << 20, pool.ownedBytes(), "ordinary memory is charged at its size");
        pages.exhausted = false;
        BufferPool tight = new BufferPool(BufferPool.LARGEST_BUFFER_BYTES, pages);
        ByteBuffer largest = tight.take(BufferPool.LARGEST_BUFFER_BYTES);
        assertTrue(pages.outstanding.isEmpty(), "rounded up to whole pages it would not fit the budget: ordinary memory");
        assertEquals(BufferPool.LARGEST_BUFFER_BYTES, largest.capacity());
    }
}
