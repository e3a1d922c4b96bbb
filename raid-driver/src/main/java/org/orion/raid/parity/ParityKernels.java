package org.orion.raid.parity;

import java.nio.ByteBuffer;

/**
 * The RAID parity kernels: XOR (RAID4/5 P), P+Q syndrome (RAID6, md's GF(2^8) maths, see
 * md-format.md §3) and RAID6 reconstruction. Obtain the implementation chosen for this machine
 * from {@link ParityManager#kernels()}.
 *
 * <p>Rules every implementation keeps, and every caller may rely on:
 * <ul>
 *   <li>Buffers may be heap or direct, in any byte order; offsets are absolute indexes into the
 *       buffer and a kernel never reads or changes a buffer's position, limit or mark. Each range
 *       {@code [offset, offset + lengthBytes)} must lie within the buffer's limit.</li>
 *   <li>{@code lengthBytes} may be any value {@code >= 0}; no alignment of lengths or offsets is
 *       required (aligned, vector-multiple lengths are simply faster).</li>
 *   <li>Slot {@code i} of a RAID6 stripe has Q coefficient {@code g^i}; the caller passes data in
 *       md's syndrome order (md-format.md §2.4). A {@code null} data buffer stands for an
 *       all-zero block (DDF layouts count the P and Q positions as zero slots).</li>
 *   <li>Outputs must not overlap inputs, except where a method says "in place".</li>
 *   <li>Allocation-free and lock-free once warmed up; stateless, so one instance may be used by
 *       many threads at once (each call only touches the buffers it is given).</li>
 *   <li>Every implementation produces bit-identical results.</li>
 * </ul>
 *
 * <p>Speed (vector kernels, docs/benchmarks.md "Parity kernels"): a call whose buffers are all
 * writable heap buffers takes a faster path than one with any direct or read-only buffer (XOR in
 * cache about 2x on JDK 17), because JDK 17 can only load vectors from direct memory through
 * {@code ByteBuffer} accesses that cost a dozen instructions each. On JDK 22+, a build given a
 * JDK 22+ ({@code -Dorion.jdk22.home}) runs calls with direct buffers on {@code MemorySegment} loads
 * instead, as fast as the heap path; without them, JDK 19+ sends such calls to the scalar kernels.
 * Lengths that are multiples of 512 bytes avoid the single-vector loop and the byte-at-a-time tail.
 */
public interface ParityKernels {
    /** {@code "vector-256"}, {@code "vector-512"} or {@code "scalar"}: for logs and benchmarks. */
    String name();

    /** {@code dst = src[0] ^ ... ^ src[count-1]}; {@code count >= 1}, no null sources. */
    void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes);

    /**
     * {@code p = ⊕ data[i]}, {@code q = ⊕ g^i·data[i]} over slots {@code 0..slots-1}
     * ({@code slots >= 1}); {@code data[i] == null} means zeroes; {@code p} or {@code q} may be
     * {@code null} to skip that output.
     */
    void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q, int qOffset,
            int lengthBytes);

    /** {@code dst ^= src}. */
    void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes);

    /**
     * {@code dst ^= coefficient·src} in GF(2^8), {@code coefficient} in 0..255 (read-modify-write
     * delta updates of Q use {@code coefficient = g^slot}).
     */
    void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes);

    /**
     * RAID6 with two data slots lost ({@code 0 <= x < y < slots}): rebuilds both in place, i.e.
     * {@code data[x]} and {@code data[y]} (which must be non-null and are only written) receive
     * the data; the other slots (null = zero), {@code p} and {@code q} are only read. Needs no
     * scratch memory: P′ and Q′ are accumulated in registers in the same pass.
     */
    void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                        ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes);

    /**
     * RAID6 with data slot {@code x} lost and P lost or untrusted: rebuilds {@code data[x]} in
     * place from the other data and Q ({@code D_x = g^-x·(Q ⊕ Q′)}). The caller then recomputes P
     * with {@link #pq} or {@link #xor} if it needs it. No scratch memory.
     */
    void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                          ByteBuffer q, int qOffset, int lengthBytes);
}
