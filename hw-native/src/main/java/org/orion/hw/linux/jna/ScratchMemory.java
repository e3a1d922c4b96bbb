package org.orion.hw.linux.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * A small block of native memory owned by one thread, for the arguments of data-path system calls
 * ({@code u64 range[2]} for BLKDISCARD/BLKZEROOUT, a {@code struct iovec} for pwritev2). Made once
 * per I/O thread so that no call allocates; not thread-safe.
 */
public final class ScratchMemory {
    private final Memory memory;
    private final long address;

    public ScratchMemory(int bytes) {
        memory = new Memory(bytes);
        memory.clear();
        address = Pointer.nativeValue(memory);
    }

    public long address() {
        return address;
    }

    public void putLong(int offset, long value) {
        memory.setLong(offset, value);
    }

    public long getLong(int offset) {
        return memory.getLong(offset);
    }
}
