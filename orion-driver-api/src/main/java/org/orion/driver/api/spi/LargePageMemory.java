package org.orion.driver.api.spi;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Registered in {@code META-INF/services/org.orion.driver.api.spi.LargePageMemory}: I/O buffers in
 * the host's large pages, for the big request buffers of a server (the NBD export's pool).
 *
 * <p>Why: a block device splits a request whose buffer has more discontiguous pieces than it
 * takes segments. Linux's virtio disks take 254, so a 1 MiB O_DIRECT request into ordinary 4 KiB
 * pages (256 pieces) goes out as 1016 KiB plus 8 KiB, and the small second request costs as much as
 * the big one; in one 2 MiB page the same request is one piece. fio on this project's virtio root
 * disk: 1 MiB O_DIRECT reads at depth 32 ran at 1070-1360 MiB/s from 4 KiB pages and 2150-2660
 * from large pages.
 *
 * <p>Control path: allocation maps memory and may block; buffers are meant to be kept and reused.
 * Thread-safe.
 */
public interface LargePageMemory {
    /** Bytes of one large page: the unit in which memory is mapped, and what a buffer really costs. */
    int pageBytes();

    /**
     * A direct buffer whose capacity is exactly {@code bytes}, starting on a large-page boundary and
     * filled with zeroes, or empty when none can be had (the caller then allocates ordinary memory).
     * It occupies {@code bytes} rounded up to {@link #pageBytes()}. The host may still back it with
     * small pages when no large one is free; it is correct either way, only slower.
     */
    Optional<ByteBuffer> allocate(int bytes);

    /**
     * Returns a buffer from {@link #allocate}; its memory is unmapped, so neither it nor any view
     * of it may be used afterwards.
     *
     * @throws IllegalArgumentException for a buffer this memory did not hand out (or already took back)
     */
    void free(ByteBuffer buffer);
}
