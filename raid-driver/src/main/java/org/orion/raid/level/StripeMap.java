package org.orion.raid.level;

/**
 * Where one stripe of an array lives on its members: a reusable, mutable value filled by
 * {@link RaidLayout#map(long, StripeMap)} so the data path allocates nothing.
 *
 * <p>A stripe is the unit whose blocks depend on each other: for RAID4/5/6 a row of {@code D} data
 * chunks plus P (and Q) at the same member offset; for RAID0, RAID1 and RAID10 a single chunk and
 * its copies (those levels have no cross-chunk dependency, so one chunk per stripe keeps things
 * simple). Data block {@code k} covers array bytes
 * {@code [stripe * stripeBytes + k * chunkBytes, ... + chunkBytes)}.
 *
 * <pre>
 *   RAID5 left-symmetric, 4 members, stripe 1:   member: 0    1    2    3
 *                                                       D4   D5   P    D3
 *   dataMember = {3, 0, 1}, dataOffset = {row, row, row}, pMember = 2, qMember = -1
 * </pre>
 */
public final class StripeMap {
    /** Largest number of copies of one data block (RAID1 with many members, RAID10 n3f3...). */
    public static final int MAX_COPIES = 64;

    /** The stripe number this map describes. */
    public long stripe;
    /** Number of data blocks in this stripe (D). */
    public int dataBlocks;
    /** Copies of each data block (1 for striped/parity levels). */
    public int copies;
    /** {@code copyMember[k * copies + c]}: member index holding copy c of data block k. */
    public final int[] copyMember;
    /** {@code copyOffsetBytes[k * copies + c]}: byte offset of that copy inside the member's data area. */
    public final long[] copyOffsetBytes;
    /** Member holding P, or -1 when the level has no parity. */
    public int pMember = -1;
    /** Member holding Q, or -1 when the level has no Q. */
    public int qMember = -1;
    /** Byte offset of P and Q inside their members' data areas (the row offset). */
    public long parityOffsetBytes;
    /**
     * {@code qExponent[k]}: Q = XOR over k of g^qExponent[k] * D_k (md's syndrome slot order,
     * which is not always the logical order; DDF layouts use the physical member index).
     */
    public final int[] qExponent;

    public StripeMap(int maxDataBlocks, int maxCopies) {
        copyMember = new int[maxDataBlocks * maxCopies];
        copyOffsetBytes = new long[maxDataBlocks * maxCopies];
        qExponent = new int[maxDataBlocks];
    }

    public int member(int dataBlock, int copy) {
        return copyMember[dataBlock * copies + copy];
    }

    public long offsetBytes(int dataBlock, int copy) {
        return copyOffsetBytes[dataBlock * copies + copy];
    }
}
