package org.orion.hw.sim.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.testing.Patterns;

class HeapMediaTest {
    private static final int CHUNK = HeapMedia.CHUNK_BYTES;

    @Test
    void shouldAllocateOnlyTheChunksThatWereWritten() {
        HeapMedia media = new HeapMedia(1L << 40);
        assertEquals(0, media.allocatedBytes());
        media.writeBytes(5L * CHUNK + 100, new byte[] {1, 2, 3}, 0, 3);
        assertEquals(CHUNK, media.allocatedBytes());
        byte[] back = new byte[4];
        media.readBytes(5L * CHUNK + 99, back, 0, 4);
        assertArrayEquals(new byte[] {0, 1, 2, 3}, back);
    }

    @Test
    void shouldCopyAcrossChunkBoundariesWithoutMovingTheBuffer() {
        HeapMedia media = new HeapMedia(4L * CHUNK);
        byte[] data = Patterns.random(1, CHUNK + 8192);
        ByteBuffer source = ByteBuffer.allocateDirect(data.length + 3);
        source.put(3, data);
        media.write(CHUNK - 4096, source, 3, data.length);
        ByteBuffer target = ByteBuffer.allocate(data.length);
        media.read(CHUNK - 4096, target, 0, data.length);
        assertArrayEquals(data, target.array());
        assertEquals(0, source.position());
        assertEquals(0, target.position());
    }

    @Test
    void shouldReleaseWholeDiscardedChunksAndZeroPartialOnes() {
        HeapMedia media = new HeapMedia(4L * CHUNK);
        media.writeBytes(0, Patterns.random(2, 2 * CHUNK), 0, 2 * CHUNK);
        media.zero(100, 2L * CHUNK - 100, false);
        assertEquals(CHUNK, media.allocatedBytes(), "the second chunk was wholly discarded");
        byte[] back = new byte[2 * CHUNK];
        media.readBytes(0, back, 0, back.length);
        assertArrayEquals(Arrays.copyOf(Patterns.random(2, 2 * CHUNK), 100), Arrays.copyOf(back, 100));
        assertArrayEquals(new byte[2 * CHUNK - 100], Arrays.copyOfRange(back, 100, back.length));
        media.zero(2L * CHUNK, CHUNK, true);
        assertEquals(2L * CHUNK, media.allocatedBytes(), "write-zeroes without a hole keeps the chunk allocated");
    }

    @Test
    void shouldRefuseImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> new HeapMedia(0));
        assertThrows(IllegalArgumentException.class, () -> new HeapMedia(Long.MAX_VALUE));
    }
}
