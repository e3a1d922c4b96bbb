package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
}
