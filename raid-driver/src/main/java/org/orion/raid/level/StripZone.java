package org.orion.raid.level;

/**
 * One RAID0 zone (md's struct strip_zone): a run of array chunks striped over the members that
 * still have room at that depth. Zone 0 covers every member up to the smallest member's size;
 * each later zone starts where the previous smallest member ended and covers only the larger
 * members, in role order.
 */
final class StripZone {
    /** First array chunk of the zone. */
    final long startChunk;
    /** Array chunk just past the zone. */
    final long endChunk;
    /** Member chunk (inside each member's data area) where this zone starts. */
    final long memberStartChunk;
    /** Roles of the members in the zone, ascending. */
    final int[] members;

    StripZone(long startChunk, long endChunk, long memberStartChunk, int[] members) {
        this.startChunk = startChunk;
        this.endChunk = endChunk;
        this.memberStartChunk = memberStartChunk;
        this.members = members;
    }

    /** Chunks each member of the zone contributes (the zone's depth). */
    long depthChunks() {
        return (endChunk - startChunk) / members.length;
    }

    /** Position of {@code member} in {@link #members}, or -1. */
    int indexOf(int member) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] == member) {
                return i;
            }
        }
        return -1;
    }
}
