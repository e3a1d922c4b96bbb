package org.orion.harness.scenario.crash;

import java.util.BitSet;
import java.util.Map;
import java.util.Set;

/**
 * What a power cut left on the members: the crash point, and which of the writes not yet durable
 * at that point reached their media. A durable write (covered by an earlier flush of its member,
 * or FUA) always survives; a write numbered at or after the crash never does.
 *
 * @param index          position in the exploration (with the spec's seed it replays the state)
 * @param kind           how the state was cut
 * @param crashSeq       events numbered below this happened
 * @param keptVolatile   non-durable writes (index into {@link MemberTrace#writes()}) that survive,
 *                       with the sectors of each that survive (all of them unless torn)
 * @param tornWrites     how many of the kept writes keep only some of their sectors
 * @param droppedDurable durable writes that are lost anyway: only the checker's self-test uses
 *                       this, to prove a lost flushed write is caught
 */
record CrashState(int index, Kind kind, long crashSeq, Map<Integer, BitSet> keptVolatile, int tornWrites,
                  Set<Integer> droppedDurable) {
    enum Kind {
        /** Just after a member flush: every write not yet durable is lost. */
        FLUSH_BOUNDARY,
        /** Anywhere: a seeded subset of the writes not yet durable survives, some of them torn. */
        EPOCH
    }

    CrashState {
        keptVolatile = Map.copyOf(keptVolatile);
        droppedDurable = Set.copyOf(droppedDurable);
    }

    /** The same state with {@code writeIndex} lost although it was durable. */
    CrashState droppingDurable(Set<Integer> writeIndexes) {
        return new CrashState(index, kind, crashSeq, keptVolatile, tornWrites, writeIndexes);
    }

    String describe() {
        return "state " + index + " (" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " at event " + crashSeq + ", " + keptVolatile.size() + " unflushed member write(s) kept, " + tornWrites + " torn)";
    }
}
