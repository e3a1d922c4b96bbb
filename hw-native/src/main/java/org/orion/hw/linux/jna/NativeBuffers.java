package org.orion.hw.linux.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct buffers and their native addresses. O_DIRECT needs memory aligned to the device's DMA
 * alignment; {@link #alignedDirect} over-allocates and slices so the returned buffer starts on the
 * boundary. {@link #address} allocates a small {@link Pointer} per call, so callers fetch it once
 * per buffer and keep the {@code long} (see {@code DirectAddressCache} for request buffers).
 */
public final class NativeBuffers {
    private NativeBuffers() {
    }

    /** A direct buffer of {@code bytes} starting on an {@code alignment}-byte boundary, native byte order. */
    public static ByteBuffer alignedDirect(int bytes, int alignment) {
        if (Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment " + alignment + " is not a power of two");
        }
        // Not alignedSlice(): it also rounds the end down to the alignment, losing bytes when
        // {@code bytes} is not a multiple of it.
        ByteBuffer raw = ByteBuffer.allocateDirect(bytes + alignment);
        int misalignment = raw.alignmentOffset(0, alignment);
        int start = misalignment == 0 ? 0 : alignment - misalignment;
        return raw.position(start).limit(start + bytes).slice().order(ByteOrder.nativeOrder());
    }

    /** The native address of byte 0 of a direct buffer (its position is ignored). */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("buffer is not direct: native calls need direct memory");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }
}
