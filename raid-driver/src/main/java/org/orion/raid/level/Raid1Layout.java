package org.orion.raid.level;

import java.util.Objects;

/**
 * RAID1: every member holds the whole array at the same offset (md-format.md §2.5). md has no
 * chunk for RAID1 (the superblock stores 0), but the data path works in stripes, so this layout
 * cuts the array into virtual chunks: the largest power of two up to {@link #MAX_VIRTUAL_CHUNK_BYTES}
 * that divides the member size. mdadm rounds a new RAID1 down to 64 KiB, so arrays it creates get
 * 64 KiB stripes; an array of any other sector-multiple size still maps every byte, just with
 * smaller stripes. Each stripe is one chunk with {@code members} copies.
 */
public final class Raid1Layout implements RaidLayout {
    /** Largest virtual chunk; matches mdadm's 64 KiB rounding of RAID1 sizes. */
    public static final int MAX_VIRTUAL_CHUNK_BYTES = 64 * 1024;

    private final int members;
    private final long memberDataBytes;
    private final int chunkBytes;

    /** Use {@link LevelManager#create}; memberDataBytes is a positive multiple of 512. */
    Raid1Layout(int members, long memberDataBytes) {
        this.members = members;
        this.memberDataBytes = memberDataBytes;
        this.chunkBytes = virtualChunkBytes(memberDataBytes);
    }

    /** The largest power of two, at most 64 KiB, dividing {@code memberDataBytes}. */
    static int virtualChunkBytes(long memberDataBytes) {
        long lowestBit = Long.lowestOneBit(memberDataBytes);
        return (int) Math.min(lowestBit, MAX_VIRTUAL_CHUNK_BYTES);
    }

    @Override
    public void map(long stripe, StripeMap out) {
        Objects.checkIndex(stripe, stripeCount());
        long offsetBytes = stripe * chunkBytes;
        out.stripe = stripe;
        out.dataBlocks = 1;
        out.copies = members;
        out.pMember = -1;
        out.qMember = -1;
        out.parityOffsetBytes = 0;
        for (int c = 0; c < members; c++) {
            out.copyMember[c] = c;
            out.copyOffsetBytes[c] = offsetBytes;
        }
    }

    /** Reverse mapping: a mirror stores array byte {@code x} at offset {@code x} of every member. */
    public long arrayOffsetBytes(int member, long memberOffsetBytes) {
        Objects.checkIndex(member, members);
        return memberOffsetBytes >= 0 && memberOffsetBytes < memberDataBytes ? memberOffsetBytes : -1;
    }

    @Override
    public boolean survives(boolean[] missing) {
        if (missing.length != members) {
            throw new IllegalArgumentException("expected " + members + " member flags, got " + missing.length);
        }
        for (boolean m : missing) {
            if (!m) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean wholeCopies() {
        return true;
    }

    @Override
    public int level() {
        return 1;
    }

    @Override
    public int layout() {
        return 0;
    }

    @Override
    public String levelName() {
        return "raid1";
    }

    @Override
    public String layoutName() {
        return "";
    }

    @Override
    public int members() {
        return members;
    }

    @Override
    public int chunkBytes() {
        return chunkBytes;
    }

    @Override
    public long memberDataBytes() {
        return memberDataBytes;
    }

    @Override
    public long arrayBytes() {
        return memberDataBytes;
    }

    @Override
    public int redundancy() {
        return members - 1;
    }

    @Override
    public int dataBlocksPerStripe() {
        return 1;
    }

    @Override
    public int parityBlocks() {
        return 0;
    }

    @Override
    public int maxCopies() {
        return members;
    }

    @Override
    public String toString() {
        return "raid1 " + members + " members, " + memberDataBytes + " bytes per member (" + chunkBytes
                + "-byte stripes)";
    }
}
