package org.orion.raid.level;

import java.util.Objects;

/**
 * What RAID4, RAID5 and RAID6 share: a stripe is one row of {@code members} chunks at the same
 * member offset ({@code stripe * chunkBytes}), holding {@code D = members - parityBlocks} data
 * chunks plus P (and Q). Subclasses only say which member holds what in a given row; this class
 * turns that into {@link StripeMap}s and back (md's raid5_compute_sector and
 * raid5_compute_blocknr).
 *
 * <pre>
 *   array chunk c  ->  stripe = c / D, data index k = c % D
 *   member offset  =   stripe * chunkBytes + (offset inside the chunk)   (same on every member)
 * </pre>
 */
abstract class ParityLayout implements RaidLayout {
    private final int level;
    private final int algorithm;
    final int members;
    final int dataBlocks;
    private final int parityBlocks;
    private final int chunkBytes;
    private final long memberDataBytes;
    private final long stripes;

    /** Arguments are validated by {@link LevelManager}; memberDataBytes is rounded down to a chunk. */
    ParityLayout(int level, int algorithm, int members, int parityBlocks, int chunkBytes, long memberDataBytes) {
        this.level = level;
        this.algorithm = algorithm;
        this.members = members;
        this.parityBlocks = parityBlocks;
        this.dataBlocks = members - parityBlocks;
        this.chunkBytes = chunkBytes;
        this.stripes = memberDataBytes / chunkBytes;
        this.memberDataBytes = stripes * chunkBytes;
    }

    /** Member holding P in {@code stripe}. */
    abstract int parityMember(long stripe);

    /** Member holding Q in {@code stripe} whose P is on {@code p}, or -1 without Q. */
    abstract int qMember(long stripe, int p);

    /** Member holding data block {@code k} of a stripe whose P is on {@code p}. */
    abstract int dataMember(long stripe, int p, int k);

    /** Inverse of {@link #dataMember}: data index held by {@code member}, which is neither P nor Q. */
    abstract int dataIndex(long stripe, int p, int member);

    /** Fills {@code out.qExponent} once members are placed; RAID5 has nothing to add. */
    void fillQExponents(StripeMap out) {
    }

    @Override
    public final void map(long stripe, StripeMap out) {
        Objects.checkIndex(stripe, stripes);
        long rowOffsetBytes = stripe * chunkBytes;
        int p = parityMember(stripe);
        out.stripe = stripe;
        out.dataBlocks = dataBlocks;
        out.copies = 1;
        out.pMember = p;
        out.qMember = qMember(stripe, p);
        out.parityOffsetBytes = rowOffsetBytes;
        for (int k = 0; k < dataBlocks; k++) {
            out.copyMember[k] = dataMember(stripe, p, k);
            out.copyOffsetBytes[k] = rowOffsetBytes;
        }
        fillQExponents(out);
    }

    /**
     * What {@code member} holds in {@code stripe}: its data index {@code 0..D-1}, or -1 for P and
     * -2 for Q (check/repair uses this to name the array range of a mismatching block).
     */
    public final int blockIndexOf(long stripe, int member) {
        Objects.checkIndex(stripe, stripes);
        Objects.checkIndex(member, members);
        int p = parityMember(stripe);
        if (member == p) {
            return -1;
        }
        if (member == qMember(stripe, p)) {
            return -2;
        }
        return dataIndex(stripe, p, member);
    }

    /**
     * Reverse mapping (md's raid5_compute_blocknr): the array byte stored at
     * {@code memberOffsetBytes} of {@code member}'s data area, or -1 when that byte is P, Q or
     * beyond {@link #memberDataBytes()}.
     */
    public final long arrayOffsetBytes(int member, long memberOffsetBytes) {
        Objects.checkIndex(member, members);
        if (memberOffsetBytes < 0 || memberOffsetBytes >= memberDataBytes) {
            return -1;
        }
        long stripe = memberOffsetBytes / chunkBytes;
        int k = blockIndexOf(stripe, member);
        if (k < 0) {
            return -1;
        }
        return (stripe * dataBlocks + k) * chunkBytes + memberOffsetBytes % chunkBytes;
    }

    @Override
    public final boolean survives(boolean[] missing) {
        if (missing.length != members) {
            throw new IllegalArgumentException("expected " + members + " member flags, got " + missing.length);
        }
        int absent = 0;
        for (boolean m : missing) {
            if (m) {
                absent++;
            }
        }
        return absent <= parityBlocks;
    }

    @Override
    public final int level() {
        return level;
    }

    @Override
    public final int layout() {
        return algorithm;
    }

    @Override
    public final String levelName() {
        return "raid" + level;
    }

    @Override
    public String layoutName() {
        return LayoutNames.print(level, algorithm);
    }

    @Override
    public final int members() {
        return members;
    }

    @Override
    public final int chunkBytes() {
        return chunkBytes;
    }

    @Override
    public final long memberDataBytes() {
        return memberDataBytes;
    }

    @Override
    public final long arrayBytes() {
        return stripes * dataBlocks * chunkBytes;
    }

    @Override
    public final int redundancy() {
        return parityBlocks;
    }

    @Override
    public final int dataBlocksPerStripe() {
        return dataBlocks;
    }

    @Override
    public final int parityBlocks() {
        return parityBlocks;
    }

    @Override
    public final int maxCopies() {
        return 1;
    }

    @Override
    public String toString() {
        return levelName() + " " + (layoutName().isEmpty() ? "" : layoutName() + " ") + members + " members, "
                + (chunkBytes >> 10) + " KiB chunks, " + memberDataBytes + " bytes per member";
    }
}
