package org.orion.hw.sim.media;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a simulated disk's bytes live. A medium is plain storage: it has no cache, no notion of
 * durability and no faults (the disk and the fault wrappers add those). Offsets and lengths are
 * already checked by the disk; buffers are addressed absolutely and their position and limit are
 * never changed, as {@link org.orion.driver.api.io.IoRequest} requires.
 *
 * <p>Threads: every method may be called from several threads at once. Concurrent calls on
 * overlapping ranges have no defined order (as for the requests that cause them). None of the data
 * methods allocates in steady state.
 */
public sealed interface Media extends AutoCloseable permits HeapMedia, SparseFileMedia {
    long capacityBytes();

    /** Copies {@code lengthBytes} at {@code offsetBytes} into {@code dst[dstOffset...]}. */
    void read(long offsetBytes, ByteBuffer dst, int dstOffset, int lengthBytes) throws IOException;

    /** Copies {@code src[srcOffset...]} to {@code lengthBytes} at {@code offsetBytes}. */
    void write(long offsetBytes, ByteBuffer src, int srcOffset, int lengthBytes) throws IOException;

    /** Copies {@code lengthBytes} at {@code offsetBytes} into a byte array (for pre-images and tests). */
    void readBytes(long offsetBytes, byte[] dst, int dstOffset, int lengthBytes) throws IOException;

    /** Copies a byte array to {@code lengthBytes} at {@code offsetBytes}. */
    void writeBytes(long offsetBytes, byte[] src, int srcOffset, int lengthBytes) throws IOException;

    /**
     * Makes the range read as zeroes.
     *
     * @param keepAllocated false lets the medium release the space (a hole), true keeps it allocated
     */
    void zero(long offsetBytes, long lengthBytes, boolean keepAllocated) throws IOException;

    /** Pushes everything written so far to the host's stable storage (a no-op on the heap). */
    void sync() throws IOException;

    /** Releases the medium; heap content is gone, file content stays in the file. Idempotent. */
    @Override
    void close() throws IOException;
}
