/**
 * RAID parity arithmetic: XOR (RAID4/5 P), md's RAID6 P+Q syndrome over GF(2^8) (polynomial
 * 0x11d, generator 2) and RAID6 reconstruction of any one or two lost members.
 *
 * <p>Owns: {@link org.orion.raid.parity.ParityKernels} (the contract the data path codes
 * against), {@link org.orion.raid.parity.GaloisField}, the plain-Java kernels
 * ({@code ScalarParityKernels}) and the Vector API kernels ({@code VectorParityKernels} with
 * {@code VectorRecovery}, {@code VectorArrayKernels} and {@code VectorArrayRecovery} for all-heap
 * calls (through per-thread {@code HeapBlocks}) and {@code VectorShape}
 * for the width; on JDK 22+, {@code SegmentKernels}, {@code SegmentRecovery} and
 * {@code SegmentBlocks} from src/main/java22 for calls with direct buffers, built only when the
 * build is given a JDK 22+), which are bit-identical, and {@link org.orion.raid.parity.ParityManager},
 * which picks one at start-up, checks it against the scalar kernels and warms it up.
 *
 * <p>Threads: the kernels are stateless and allocation-free once compiled; the data path's ring
 * handler thread calls them, and background agents (rebuild, scrub) may call them concurrently on
 * their own buffers. {@code ParityManager.warmUp()} runs once, on whichever thread starts the
 * driver. No kernel needs scratch memory for data (reconstruction accumulates P′ and Q′ in
 * registers); the all-heap path keeps a small per-thread table of array references, and the
 * segment path a per-thread cache of the segment that views each buffer.
 *
 * <p>Must not import: anything outside the JDK and slf4j. The Vector API
 * ({@code jdk.incubator.vector}) is referenced only by the {@code Vector*} classes, which are
 * loaded by name so that everything else works when the module is absent.
 *
 * <p>Performance notes and measurements against Intel ISA-L: docs/benchmarks.md, "Parity
 * kernels" ({@code scripts/bench-parity} reproduces them).
 */
package org.orion.raid.parity;
