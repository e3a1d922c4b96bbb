package org.orion.raid.level;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * RAID0 with md's zones (raid0.c create_strip_zones and map_sector). Each member's size is
 * rounded down to a chunk; zone 0 stripes all members up to the smallest size, later zones stripe
 * the members that are still larger. Equal members give one zone: chunk {@code c} lives on member
 * {@code c mod n} at member chunk {@code c div n}.
 *
 * <pre>
 *   members of 3, 3 and 5 chunks:     member 0   member 1   member 2
 *     zone 0 (3 members, depth 3)        0          1          2
 *                                        3          4          5
 *                                        6          7          8
 *     zone 1 (1 member, depth 2)                               9
 *                                                             10
 * </pre>
 *
 * Inside a zone of {@code z} members, the row is {@code (c - zoneStart) div z} and the member is
 * picked by {@code c mod z} under layout 1 ("original", the absolute array chunk) or by
 * {@code (c - zoneStart) mod z} under layout 2 ("alternate"). They differ only in zones after the
 * first with two or more members; md refuses such arrays unless the layout is 1 or 2.
 * Each stripe is one chunk with one copy.
 */
public final class Raid0Layout implements RaidLayout {
    private final int layout;
    private final int chunkBytes;
    private final long[] memberChunks;
    private final StripZone[] zones;
    private final boolean absoluteChunkPicksMember;
    private final long arrayChunks;

    /** Use {@link LevelManager}; sizes are positive and at least one chunk each. */
    Raid0Layout(int layout, int chunkBytes, long[] memberBytes) {
        this.layout = layout;
        this.chunkBytes = chunkBytes;
        this.memberChunks = new long[memberBytes.length];
        for (int i = 0; i < memberBytes.length; i++) {
            memberChunks[i] = memberBytes[i] / chunkBytes;
        }
        this.zones = buildZones(memberChunks);
        this.arrayChunks = zones[zones.length - 1].endChunk;
        // md treats the layout as irrelevant (original) when no later zone has 2+ members.
        this.absoluteChunkPicksMember = !layoutMatters() || layout == MdLayouts.RAID0_ORIGINAL;
    }

    private static StripZone[] buildZones(long[] sizes) {
        List<StripZone> zones = new ArrayList<>();
        long memberStart = 0;
        long arrayStart = 0;
        while (true) {
            int[] inZone = membersLargerThan(sizes, memberStart);
            if (inZone.length == 0) {
                return zones.toArray(new StripZone[0]);
            }
            long smallest = Long.MAX_VALUE;
            for (int m : inZone) {
                smallest = Math.min(smallest, sizes[m]);
            }
            long arrayEnd = arrayStart + (smallest - memberStart) * inZone.length;
            zones.add(new StripZone(arrayStart, arrayEnd, memberStart, inZone));
            arrayStart = arrayEnd;
            memberStart = smallest;
        }
    }

    private static int[] membersLargerThan(long[] sizes, long depth) {
        return IntStream.range(0, sizes.length).filter(m -> sizes[m] > depth).toArray();
    }

    /** Whether layout 1 and 2 map this array differently (a zone after the first has 2+ members). */
    public boolean layoutMatters() {
        return zones.length > 1 && zones[1].members.length > 1;
    }

    /** Number of md zones (1 when all members have the same rounded size). */
    public int zoneCount() {
        return zones.length;
    }

    /** Bytes of {@code member}'s data area the array uses (its size rounded down to a chunk). */
    public long memberDataBytes(int member) {
        return memberChunks[member] * chunkBytes;
    }

    @Override
    public void map(long stripe, StripeMap out) {
        Objects.checkIndex(stripe, arrayChunks);
        StripZone zone = zones[0];
        for (int z = 1; stripe >= zone.endChunk; z++) {
            zone = zones[z];
        }
        int width = zone.members.length;
        long inZone = stripe - zone.startChunk;
        long pick = absoluteChunkPicksMember ? stripe : inZone;
        out.stripe = stripe;
        out.dataBlocks = 1;
        out.copies = 1;
        out.pMember = -1;
        out.qMember = -1;
        out.parityOffsetBytes = 0;
        out.copyMember[0] = zone.members[(int) (pick % width)];
        out.copyOffsetBytes[0] = (zone.memberStartChunk + inZone / width) * chunkBytes;
    }

    /**
     * Reverse mapping: the array byte stored at {@code memberOffsetBytes} of {@code member}, or
     * -1 beyond the member's rounded size.
     */
    public long arrayOffsetBytes(int member, long memberOffsetBytes) {
        Objects.checkIndex(member, memberChunks.length);
        if (memberOffsetBytes < 0 || memberOffsetBytes >= memberDataBytes(member)) {
            return -1;
        }
        long memberChunk = memberOffsetBytes / chunkBytes;
        StripZone zone = zones[0];
        for (int z = 1; memberChunk >= zone.memberStartChunk + zone.depthChunks(); z++) {
            zone = zones[z];
        }
        int width = zone.members.length;
        int position = zone.indexOf(member);
        long row = memberChunk - zone.memberStartChunk;
        long column = absoluteChunkPicksMember ? Math.floorMod(position - zone.startChunk, (long) width) : position;
        long chunk = zone.startChunk + row * width + column;
        return chunk * chunkBytes + memberOffsetBytes % chunkBytes;
    }

    @Override
    public boolean survives(boolean[] missing) {
        if (missing.length != memberChunks.length) {
            throw new IllegalArgumentException("expected " + memberChunks.length + " member flags, got "
                    + missing.length);
        }
        for (boolean m : missing) {
            if (m) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int level() {
        return 0;
    }

    @Override
    public int layout() {
        return layout;
    }

    @Override
    public String levelName() {
        return "raid0";
    }

    @Override
    public String layoutName() {
        return LayoutNames.print(0, layout);
    }

    @Override
    public int members() {
        return memberChunks.length;
    }

    @Override
    public int chunkBytes() {
        return chunkBytes;
    }

    /** The largest member's used bytes; see {@link #memberDataBytes(int)} for each member. */
    @Override
    public long memberDataBytes() {
        return Arrays.stream(memberChunks).max().orElse(0) * chunkBytes;
    }

    @Override
    public long arrayBytes() {
        return arrayChunks * chunkBytes;
    }

    @Override
    public int redundancy() {
        return 0;
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
        return 1;
    }

    @Override
    public String toString() {
        return "raid0 " + members() + " members, " + (chunkBytes >> 10) + " KiB chunks, " + zones.length
                + (zones.length == 1 ? " zone" : " zones");
    }
}
