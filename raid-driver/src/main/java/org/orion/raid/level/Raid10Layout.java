package org.orion.raid.level;

import java.util.Objects;

/**
 * RAID10 with md's near, far and offset copies (raid10.c __raid10_find_phys, calc_sectors,
 * raid10_find_virt; md-format.md §4). Each stripe is one chunk with {@code near * far} copies.
 *
 * <pre>
 *   n2, 4 members        f2, 4 members (8 chunks each)       o2, 4 members
 *   0 0 1 1              0 1 2 3   rows 0-3: RAID0            0 1 2 3
 *   2 2 3 3              4 5 6 7                              3 0 1 2   (copy one row down,
 *   4 4 5 5              ...                                  4 5 6 7    shifted one member)
 *                        3 0 1 2   rows 4-7: same, shifted    7 4 5 6
 *                        7 4 5 6   one member, stride below
 * </pre>
 *
 * Chunk {@code c} starts at member {@code (c * near) mod n}, row {@code (c * near) div n} (times
 * {@code far} in offset mode). Near copies take the next members, wrapping to the next row; each
 * near copy has far copies {@code near} members further on inside its far set, one
 * {@code stride} lower (stride = one chunk in offset mode, the used member size over {@code far}
 * in far mode). Which members hold a chunk's copies depends only on its starting member, so this
 * class precomputes that pattern once: mapping is then a table lookup and
 * {@link #survives(boolean[])} checks each starting member instead of the whole array.
 */
public final class Raid10Layout implements RaidLayout {
    private final int layout;
    private final int members;
    private final int near;
    private final int far;
    private final boolean offsetMode;
    private final int farSetSize;
    private final int copies;
    private final int chunkBytes;
    private final long memberDataBytes;
    private final long strideChunks;
    private final long arrayChunks;
    /** Per starting member d, copy i: member, extra row from wrapping near copies, far index. */
    private final int[] copyMember;
    private final int[] copyRowDelta;
    private final int[] copyFarIndex;

    /** Use {@link LevelManager#create}: layout, members and chunk are validated there. */
    Raid10Layout(int layout, int members, int chunkBytes, long availableMemberBytes) {
        this.layout = layout;
        this.members = members;
        this.near = MdLayouts.raid10Near(layout);
        this.far = MdLayouts.raid10Far(layout);
        this.offsetMode = MdLayouts.raid10Offset(layout);
        this.farSetSize = farSetSize(MdLayouts.raid10FarSetVariant(layout), members, near, far);
        this.copies = near * far;
        this.chunkBytes = chunkBytes;
        // md's calc_sectors: array chunks from the member size, then the chunks each member uses.
        long arrayChunksFromMember = (availableMemberBytes / chunkBytes / far) * members / near;
        long usedChunks = ceilDiv(arrayChunksFromMember * copies, members);
        this.memberDataBytes = usedChunks * chunkBytes;
        this.strideChunks = offsetMode ? 1 : usedChunks / far;
        // md's raid10_size, taken from the used size as md does after calc_sectors.
        this.arrayChunks = (usedChunks / far) * members / near;
        this.copyMember = new int[members * copies];
        this.copyRowDelta = new int[members * copies];
        this.copyFarIndex = new int[members * copies];
        for (int start = 0; start < members; start++) {
            fillCopyPattern(start);
        }
    }

    static int farSetSize(int variant, int members, int near, int far) {
        switch (variant) {
            case 0:
                return members;
            case 1:
                return members / far; // md's early "improved" layout; kept for reading old arrays
            default:
                return far * near;
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private void fillCopyPattern(int start) {
        int slot = start * copies;
        int member = start;
        int rowDelta = 0;
        for (int n = 0; n < near; n++) {
            int d = member;
            for (int f = 0; f < far; f++) {
                if (f > 0) {
                    d = nextFarMember(d);
                }
                copyMember[slot] = d;
                copyRowDelta[slot] = rowDelta;
                copyFarIndex[slot] = f;
                slot++;
            }
            member++;
            if (member == members) {
                member = 0;
                rowDelta++;
            }
        }
    }

    /** md's far-copy step: {@code near} members on, wrapping inside the far set (the last set is wider). */
    private int nextFarMember(int d) {
        int lastSetStart = (members / farSetSize - 1) * farSetSize;
        int lastSetSize = farSetSize + members % farSetSize;
        int set = d / farSetSize;
        int next = d + near;
        if (members % farSetSize != 0 && next > lastSetStart) {
            return (next - lastSetStart) % lastSetSize + lastSetStart;
        }
        return next % farSetSize + farSetSize * set;
    }

    /** Whether every chunk's copies land on different members (false for some of md's odd variants). */
    boolean copiesOnDistinctMembers() {
        for (int start = 0; start < members; start++) {
            for (int i = 0; i < copies; i++) {
                for (int j = i + 1; j < copies; j++) {
                    if (copyMember[start * copies + i] == copyMember[start * copies + j]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Override
    public void map(long stripe, StripeMap out) {
        Objects.checkIndex(stripe, arrayChunks);
        long first = stripe * near;
        long row = first / members;
        int start = (int) (first % members);
        if (offsetMode) {
            row *= far;
        }
        out.stripe = stripe;
        out.dataBlocks = 1;
        out.copies = copies;
        out.pMember = -1;
        out.qMember = -1;
        out.parityOffsetBytes = 0;
        int slot = start * copies;
        for (int i = 0; i < copies; i++, slot++) {
            out.copyMember[i] = copyMember[slot];
            out.copyOffsetBytes[i] = (row + copyRowDelta[slot] + copyFarIndex[slot] * strideChunks) * chunkBytes;
        }
    }

    /**
     * Reverse mapping (md's raid10_find_virt): the array byte whose copy is stored at
     * {@code memberOffsetBytes} of {@code member}, or -1 where the member holds no array data.
     */
    public long arrayOffsetBytes(int member, long memberOffsetBytes) {
        Objects.checkIndex(member, members);
        if (memberOffsetBytes < 0 || memberOffsetBytes >= memberDataBytes) {
            return -1;
        }
        long memberChunk = memberOffsetBytes / chunkBytes;
        int setStart = member / farSetSize * farSetSize;
        int setSize = farSetSize;
        int lastSetStart = (members / farSetSize - 1) * farSetSize;
        if (members % farSetSize != 0 && member >= lastSetStart) {
            setStart = lastSetStart;
            setSize = farSetSize + members % farSetSize;
        }
        long row;
        int d = member;
        int farIndex;
        if (offsetMode) {
            row = memberChunk / far;
            farIndex = (int) (memberChunk % far);
        } else {
            farIndex = (int) (memberChunk / strideChunks);
            row = memberChunk % strideChunks;
            if (farIndex >= far) {
                return -1; // rows past the last far copy are unused
            }
        }
        for (int f = 0; f < farIndex; f++) {
            d = d < near + setStart ? d + setSize - near : d - near;
        }
        long chunk = (row * members + d) / near;
        return chunk < arrayChunks ? chunk * chunkBytes + memberOffsetBytes % chunkBytes : -1;
    }

    /** Every chunk keeps a copy; chunk c starts at member (c * near) mod n, so test those starts. */
    @Override
    public boolean survives(boolean[] missing) {
        if (missing.length != members) {
            throw new IllegalArgumentException("expected " + members + " member flags, got " + missing.length);
        }
        long chunksToTry = Math.min(arrayChunks, members);
        for (long c = 0; c < chunksToTry; c++) {
            int start = (int) (c * near % members);
            boolean kept = false;
            for (int i = 0; i < copies && !kept; i++) {
                kept = !missing[copyMember[start * copies + i]];
            }
            if (!kept) {
                return false;
            }
        }
        return true;
    }

    public int nearCopies() {
        return near;
    }

    public int farCopies() {
        return far;
    }

    public boolean offsetMode() {
        return offsetMode;
    }

    @Override
    public int level() {
        return 10;
    }

    @Override
    public int layout() {
        return layout;
    }

    @Override
    public String levelName() {
        return "raid10";
    }

    @Override
    public String layoutName() {
        return LayoutNames.print(10, layout);
    }

    @Override
    public int members() {
        return members;
    }

    @Override
    public int chunkBytes() {
        return chunkBytes;
    }

    /** md's used per-member size (calc_sectors' dev_sectors), what md stores as the superblock size. */
    @Override
    public long memberDataBytes() {
        return memberDataBytes;
    }

    @Override
    public long arrayBytes() {
        return arrayChunks * chunkBytes;
    }

    @Override
    public int redundancy() {
        return copies - 1;
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
        return copies;
    }

    @Override
    public String toString() {
        return "raid10 " + layoutName() + ", " + members + " members, " + (chunkBytes >> 10) + " KiB chunks, "
                + memberDataBytes + " bytes per member";
    }
}
