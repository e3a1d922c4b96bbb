package org.orion.hw.linux;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.orion.driver.api.spi.LargePageMemory;
import org.orion.hw.linux.jna.LibC;

/**
 * {@link LargePageMemory} from Linux transparent huge pages: each buffer is its own anonymous
 * mapping, trimmed to start on a 2 MiB boundary and advised {@code MADV_HUGEPAGE} before anything
 * touches it, so its first write faults in whole 2 MiB pages (with THP in its common "madvise"
 * mode; "always" needs no advice, "never" gives small pages, which still work). Advising memory
 * that is already touched does not help here: {@code MADV_COLLAPSE} is refused by this project's
 * kernels, which is why the JVM's own direct buffers cannot be used.
 *
 * <p>The buffers carry no cleaner: {@link #free} unmaps them, and a buffer never freed lives as long
 * as the process (the NBD pool frees what it drops and what it holds when a connection closes).
 */
public final class LinuxLargePageMemory implements LargePageMemory {
    private static final int PAGE_BYTES = 2 << 20;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 2;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MADV_HUGEPAGE = 14;

    /** Each buffer handed out and its mapping: {start address, length}. */
    private final Map<ByteBuffer, long[]> mappings = new IdentityHashMap<>();

    @Override
    public int pageBytes() {
        return PAGE_BYTES;
    }

    @Override
    public synchronized Optional<ByteBuffer> allocate(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a buffer of " + bytes + " bytes");
        }
        long length = (bytes + (long) PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
        // Map one page more than needed, then unmap the slack before the first 2 MiB boundary and
        // after the end: mmap only promises 4 KiB alignment.
        long raw = LibC.mmap(0, length + PAGE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == -1) {
            return Optional.empty();
        }
        long start = (raw + PAGE_BYTES - 1) & -(long) PAGE_BYTES;
        if (start > raw) {
            LibC.munmap(raw, start - raw);
        }
        long tailBytes = raw + PAGE_BYTES - start;
        if (tailBytes > 0) {
            LibC.munmap(start + length, tailBytes);
        }
        // Advice refused (no THP in this kernel) leaves ordinary pages: still correct.
        LibC.madvise(start, length, MADV_HUGEPAGE);
        ByteBuffer buffer = new Pointer(start).getByteBuffer(0, bytes).order(ByteOrder.BIG_ENDIAN);
        mappings.put(buffer, new long[] {start, length});
        return Optional.of(buffer);
    }

    @Override
    public synchronized void free(ByteBuffer buffer) {
        long[] mapping = mappings.remove(buffer);
        if (mapping == null) {
            throw new IllegalArgumentException("this buffer was not allocated here, or was freed already");
        }
        if (LibC.munmap(mapping[0], mapping[1]) != 0) {
            throw new IllegalStateException("munmap failed: " + LibC.strerror(Native.getLastError()));
        }
    }

    /** Buffers handed out and not freed (for tests). */
    synchronized int outstanding() {
        return mappings.size();
    }
}
