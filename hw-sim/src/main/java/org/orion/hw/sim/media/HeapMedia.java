package org.orion.hw.sim.media;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Content on the Java heap, in 1 MiB chunks allocated on first write. A chunk never written reads
 * as zeroes and costs only its table slot, so a simulated terabyte disk that a test touches in a
 * few places needs a few megabytes. Discarding a whole chunk gives its memory back.
 *
 * <p>Copies use the absolute bulk methods of {@link ByteBuffer}, so the data path allocates nothing
 * once a chunk exists. Chunks are published through an {@link AtomicReferenceArray}, so a chunk
 * allocated by one thread is seen whole by the others.
 */
public final class HeapMedia implements Media {
    static final int CHUNK_SHIFT = 20;
    static final int CHUNK_BYTES = 1 << CHUNK_SHIFT;
    private static final long CHUNK_MASK = CHUNK_BYTES - 1;
    /** Read-only source of zeroes for reads of chunks never written. */
    private static final byte[] ZEROES = new byte[64 * 1024];

    private final long capacityBytes;
    private final AtomicReferenceArray<byte[]> chunks;

    public HeapMedia(long capacityBytes) {
        long chunkCount = (capacityBytes + CHUNK_MASK) >>> CHUNK_SHIFT;
        if (capacityBytes <= 0 || chunkCount > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("heap media of " + capacityBytes
                    + " bytes is not possible: use a positive size below 2 PiB, or a backing file");
        }
        this.capacityBytes = capacityBytes;
        this.chunks = new AtomicReferenceArray<>((int) chunkCount);
    }

    @Override
    public long capacityBytes() {
        return capacityBytes;
    }

    /** Bytes of heap the content currently holds (allocated chunks). */
    public long allocatedBytes() {
        long total = 0;
        for (int i = 0; i < chunks.length(); i++) {
            if (chunks.get(i) != null) {
                total += CHUNK_BYTES;
            }
        }
        return total;
    }

    @Override
    public void read(long offsetBytes, ByteBuffer dst, int dstOffset, int lengthBytes) {
        while (lengthBytes > 0) {
            int inChunk = (int) (offsetBytes & CHUNK_MASK);
            int n = Math.min(lengthBytes, CHUNK_BYTES - inChunk);
            byte[] chunk = chunks.get(chunkIndex(offsetBytes));
            if (chunk != null) {
                dst.put(dstOffset, chunk, inChunk, n);
            } else {
                putZeroes(dst, dstOffset, n);
            }
            offsetBytes += n;
            dstOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void write(long offsetBytes, ByteBuffer src, int srcOffset, int lengthBytes) {
        while (lengthBytes > 0) {
            int inChunk = (int) (offsetBytes & CHUNK_MASK);
            int n = Math.min(lengthBytes, CHUNK_BYTES - inChunk);
            src.get(srcOffset, chunkForWrite(chunkIndex(offsetBytes)), inChunk, n);
            offsetBytes += n;
            srcOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void readBytes(long offsetBytes, byte[] dst, int dstOffset, int lengthBytes) {
        while (lengthBytes > 0) {
            int inChunk = (int) (offsetBytes & CHUNK_MASK);
            int n = Math.min(lengthBytes, CHUNK_BYTES - inChunk);
            byte[] chunk = chunks.get(chunkIndex(offsetBytes));
            if (chunk != null) {
                System.arraycopy(chunk, inChunk, dst, dstOffset, n);
            } else {
                Arrays.fill(dst, dstOffset, dstOffset + n, (byte) 0);
            }
            offsetBytes += n;
            dstOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void writeBytes(long offsetBytes, byte[] src, int srcOffset, int lengthBytes) {
        while (lengthBytes > 0) {
            int inChunk = (int) (offsetBytes & CHUNK_MASK);
            int n = Math.min(lengthBytes, CHUNK_BYTES - inChunk);
            System.arraycopy(src, srcOffset, chunkForWrite(chunkIndex(offsetBytes)), inChunk, n);
            offsetBytes += n;
            srcOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void zero(long offsetBytes, long lengthBytes, boolean keepAllocated) {
        while (lengthBytes > 0) {
            int inChunk = (int) (offsetBytes & CHUNK_MASK);
            int n = (int) Math.min(lengthBytes, CHUNK_BYTES - inChunk);
            int index = chunkIndex(offsetBytes);
            byte[] chunk = chunks.get(index);
            if (chunk != null) {
                if (n == CHUNK_BYTES && !keepAllocated) {
                    // A writer racing on this chunk overlaps the zeroed range, so its order is undefined anyway.
                    chunks.set(index, null);
                } else {
                    Arrays.fill(chunk, inChunk, inChunk + n, (byte) 0);
                }
            } else if (keepAllocated) {
                chunkForWrite(index);
            }
            offsetBytes += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void sync() {
        // The heap has no slower level to push to.
    }

    @Override
    public void close() {
        for (int i = 0; i < chunks.length(); i++) {
            chunks.set(i, null);
        }
    }

    private static int chunkIndex(long offsetBytes) {
        return (int) (offsetBytes >>> CHUNK_SHIFT);
    }

    private byte[] chunkForWrite(int index) {
        byte[] chunk = chunks.get(index);
        if (chunk == null) {
            byte[] fresh = new byte[CHUNK_BYTES];
            chunk = chunks.compareAndExchange(index, null, fresh);
            if (chunk == null) {
                chunk = fresh;
            }
        }
        return chunk;
    }

    private static void putZeroes(ByteBuffer dst, int dstOffset, int lengthBytes) {
        while (lengthBytes > 0) {
            int n = Math.min(lengthBytes, ZEROES.length);
            dst.put(dstOffset, ZEROES, 0, n);
            dstOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public String toString() {
        return "HeapMedia[" + capacityBytes + " bytes]";
    }
}
