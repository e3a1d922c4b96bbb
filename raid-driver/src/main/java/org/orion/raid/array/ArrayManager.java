package org.orion.raid.array;

import java.util.List;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.raid.level.RaidLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sole writer of an array's member states. The data path asks it to mark a member faulty
 * (after a failed write, a vanished device) and reads {@link #usableMask()} to plan I/O. All
 * mutating methods run on the ring handler thread; {@link #states()} may be read from anywhere.
 */
public final class ArrayManager {
    private static final Logger LOG = LoggerFactory.getLogger(ArrayManager.class);

    private final String arrayName;
    private final RaidLayout layout;
    private final List<Member> members;
    private final EventSink events;
    private final NanoClock clock;
    private final boolean[] missing;
    private volatile MemberState[] states;
    private long usableMask;
    private boolean failed;
    private MemberFailureListener failureListener = MemberFailureListener.NONE;
    /** A member changed state and the superblocks do not say so yet: hold write acknowledgements. */
    private boolean metadataPending;

    /**
     * Hears that a member became faulty, on the ring thread; the persistence layer records it in
     * the surviving members' superblocks and then calls back through the ring
     * ({@link #metadataSynced()}).
     */
    public interface MemberFailureListener {
        /** @return true if a superblock update was started (acknowledgements wait for it) */
        boolean onMemberFaulty(int slot);

        MemberFailureListener NONE = slot -> false;
    }

    public ArrayManager(String arrayName, RaidLayout layout, List<Member> members, EventSink events, NanoClock clock) {
        if (members.size() != layout.members()) {
            throw new IllegalArgumentException(arrayName + ": layout has " + layout.members() + " slots but "
                    + members.size() + " members were given");
        }
        if (members.size() > 64) {
            throw new IllegalArgumentException(arrayName + ": at most 64 members are supported, got " + members.size());
        }
        this.arrayName = arrayName;
        this.layout = layout;
        this.members = List.copyOf(members);
        this.events = events;
        this.clock = clock;
        this.missing = new boolean[members.size()];
        MemberState[] initial = new MemberState[members.size()];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = members.get(i).isPresent() ? MemberState.IN_SYNC : MemberState.MISSING;
            missing[i] = !initial[i].isUsable();
            if (initial[i].isUsable()) {
                usableMask |= 1L << i;
            }
        }
        this.states = initial;
        this.failed = !layout.survives(missing);
    }

    /** Set before the array serves I/O. */
    public void failureListener(MemberFailureListener listener) {
        this.failureListener = listener;
    }

    /** True while client completions must wait for a superblock update. Handler thread only. */
    public boolean metadataPending() {
        return metadataPending;
    }

    /** The superblock update started by the failure listener is on disk. Handler thread only. */
    public void metadataSynced() {
        metadataPending = false;
    }

    public String arrayName() {
        return arrayName;
    }

    public RaidLayout layout() {
        return layout;
    }

    public Member member(int slot) {
        return members.get(slot);
    }

    public int memberCount() {
        return members.size();
    }

    /** Bit i set = member i may be read and written. Handler thread only. */
    public long usableMask() {
        return usableMask;
    }

    public boolean isUsable(int slot) {
        return (usableMask & (1L << slot)) != 0;
    }

    /** True when more members are gone than the layout can survive. */
    public boolean isFailed() {
        return failed;
    }

    /** Members not usable. */
    public int missingCount() {
        return members.size() - Long.bitCount(usableMask);
    }

    /** A snapshot safe to read from any thread. */
    public MemberState[] states() {
        return states.clone();
    }

    /**
     * Marks a member faulty (idempotent). Raises Fail, then DegradedArray or ArrayFailed. Handler
     * thread only.
     */
    public void markFaulty(int slot, IoStatus cause) {
        if (!isUsable(slot)) {
            return;
        }
        usableMask &= ~(1L << slot);
        missing[slot] = true;
        MemberState[] next = states.clone();
        next[slot] = MemberState.FAULTY;
        states = next;
        long now = clock.nanoTime();
        String memberName = members.get(slot).name();
        LOG.warn("{}: member {} (slot {}) marked faulty after {}", arrayName, memberName, slot, cause);
        events.publish(new DriverEvent.MemberFailed(now, arrayName, memberName, cause));
        // md's rule: no write is acknowledged until the superblocks say this member is faulty, so a
        // crash can never bring the stale member back as in sync.
        metadataPending |= failureListener.onMemberFaulty(slot);
        if (!layout.survives(missing)) {
            if (!failed) {
                failed = true;
                LOG.error("{}: too many members lost ({} of {}); I/O to lost data fails", arrayName, missingCount(),
                        members.size());
                events.publish(new DriverEvent.ArrayFailed(now, arrayName,
                        missingCount() + " of " + members.size() + " members unusable, more than "
                                + layout.levelName() + " can survive"));
            }
        } else {
            events.publish(new DriverEvent.DegradedArray(now, arrayName, missingCount(),
                    Math.max(0, layout.redundancy() - missingCount())));
        }
    }
}
