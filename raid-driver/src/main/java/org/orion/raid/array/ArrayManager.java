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
 * mutating methods run on the ring handler thread; {@link #states()} and {@link #directReads()}
 * may be read from anywhere.
 */
public final class ArrayManager {
    private static final Logger LOG = LoggerFactory.getLogger(ArrayManager.class);

    private final String arrayName;
    private final RaidLayout layout;
    /** Slot table; replaced as a whole (copy on write) so other threads read a consistent view. */
    private volatile Member[] members;
    /** Slot being rebuilt onto {@link #recoveryTarget}, or -1. */
    private int recoverySlot = -1;
    private Member recoveryTarget;
    private RecoveryListener recoveryListener = RecoveryListener.NONE;
    /** Per slot: ranges that cannot be trusted (md's bad-block log); {@link #badSlots} bit set when non-empty. */
    private final BadRanges[] badRanges;
    /** Bit per slot with bad ranges. Reads bypassing the ring see them in {@link #directReads()} instead. */
    private long badSlots;
    /** Ranges a running rebuild could not reconstruct on its target. */
    private BadRanges recoveryBad = new BadRanges();
    private final EventSink events;
    private final NanoClock clock;
    private final boolean[] missing;
    private volatile MemberState[] states;
    private long usableMask;
    private boolean failed;
    private MemberFailureListener failureListener = MemberFailureListener.NONE;
    /** A member changed state and the superblocks do not say so yet: hold write acknowledgements. */
    private boolean metadataPending;
    /** The stripe engine runs a pass that reads and rewrites members under stripe locks. */
    private boolean directReadsPaused;
    /**
     * What reads bypassing the ring may use; rebuilt by {@link #publishDirectReads()} after every
     * change of members, states, bad ranges or the pauses, before anything that change allows is
     * acknowledged.
     */
    private volatile DirectReadView directReads;
    private BadRangesListener badRangesListener = BadRangesListener.NONE;
    /**
     * Bad-block log updates started by {@link #badRangesListener} and not yet durable: a counter,
     * not a flag, so that the end of one update cannot release a write whose own update is still
     * being written (each start is matched by exactly one {@link #badBlocksSynced()}).
     */
    private int badBlockUpdates;

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

    /**
     * Hears, on the ring thread, that a member's bad ranges changed while the array runs: a write
     * healed some, or a resync found a stripe whose parity it cannot trust ({@link #distrust}). The
     * persistence layer rewrites the member's bad-block log and then calls back through the ring
     * ({@link #badBlocksSynced()}); until then client acknowledgements are held, so an
     * acknowledged healing write never reads back as an error after a crash.
     */
    public interface BadRangesListener {
        /**
         * @param remaining the member's bad ranges now, as {@code [start, end)} data-area offsets
         * @return true if a log update was started (acknowledgements wait for it)
         */
        boolean onBadRangesChanged(int slot, Member member, List<long[]> remaining);

        BadRangesListener NONE = (slot, member, remaining) -> false;
    }

    public ArrayManager(String arrayName, RaidLayout layout, List<Member> members, EventSink events, NanoClock clock) {
        this(arrayName, layout, members, events, clock, List.of());
    }

    /**
     * @param initialBad per slot (or an empty list for none): the {@code [start, end)} data-area
     *                   offsets its bad-block log records, marked bad before the array serves
     */
    public ArrayManager(String arrayName, RaidLayout layout, List<Member> members, EventSink events, NanoClock clock,
                        List<List<long[]>> initialBad) {
        if (members.size() != layout.members()) {
            throw new IllegalArgumentException(arrayName + ": layout has " + layout.members() + " slots but "
                    + members.size() + " members were given");
        }
        if (members.size() > 64) {
            throw new IllegalArgumentException(arrayName + ": at most 64 members are supported, got " + members.size());
        }
        this.arrayName = arrayName;
        this.layout = layout;
        this.members = members.toArray(new Member[0]);
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
        this.badRanges = new BadRanges[members.size()];
        for (int i = 0; i < badRanges.length; i++) {
            badRanges[i] = new BadRanges();
        }
        this.failed = !layout.survives(missing);
        for (int slot = 0; slot < initialBad.size(); slot++) {
            for (long[] range : initialBad.get(slot)) {
                markBad(slot, range[0], range[1] - range[0]);
            }
        }
        publishDirectReads();
    }

    /** Hears when a rebuild onto a new member completes or is abandoned. Handler thread. */
    public interface RecoveryListener {
        void onRecoveryFinished(int slot, Member newMember, boolean completed);

        RecoveryListener NONE = (slot, member, completed) -> { };
    }

    public void recoveryListener(RecoveryListener listener) {
        this.recoveryListener = listener;
    }

    /** The slot being rebuilt, or -1. Handler thread only. */
    public int recoverySlot() {
        return recoverySlot;
    }

    /** The device being rebuilt onto, or null. Handler thread only. */
    public Member recoveryTarget() {
        return recoveryTarget;
    }

    /**
     * Starts rebuilding {@code slot} onto {@code target}. If the slot's member is still in sync this
     * is a hot replace (the old member keeps serving until the copy is done); otherwise a recovery.
     */
    public void beginRecovery(int slot, Member target) {
        beginRecovery(slot, target, List.of());
    }

    /**
     * Like {@link #beginRecovery(int, Member)}, for a rebuild resumed from a checkpoint: {@code lost}
     * are the target's ranges below that checkpoint that an earlier run could not rebuild (read from
     * its bad-block log); they stay lost, since this run does not pass over them again.
     */
    public void beginRecovery(int slot, Member target, List<long[]> lost) {
        if (recoverySlot >= 0) {
            throw new IllegalStateException("slot " + recoverySlot + " is already being rebuilt");
        }
        recoverySlot = slot;
        recoveryTarget = target;
        recoveryBad = new BadRanges();
        for (long[] range : lost) {
            recoveryBad.add(range[0], range[1] - range[0]);
        }
        LOG.info("{}: {} of slot {} onto {} started", arrayName, isUsable(slot) ? "hot replace" : "recovery", slot,
                target.name());
    }

    /** The rebuild reached the end: the target takes the slot, in sync. */
    public void completeRecovery() {
        int slot = recoverySlot;
        Member target = recoveryTarget;
        recoverySlot = -1;
        recoveryTarget = null;
        Member[] next = members.clone();
        next[slot] = new Member(slot, target.name(), target.device(), target.dataOffsetBytes());
        members = next;
        usableMask |= 1L << slot;
        missing[slot] = false;
        // The new member's unreconstructable ranges become its bad ranges.
        badRanges[slot] = recoveryBad;
        recoveryBad = new BadRanges();
        if (badRanges[slot].isEmpty()) {
            badSlots &= ~(1L << slot);
        } else {
            badSlots |= 1L << slot;
            LOG.error("{}: {} bytes of {} could not be rebuilt and are recorded as bad blocks", arrayName,
                    badRanges[slot].bytes(), target.name());
        }
        MemberState[] states = this.states.clone();
        states[slot] = MemberState.IN_SYNC;
        this.states = states;
        publishDirectReads();
        failed = !layout.survives(missing);
        LOG.info("{}: {} is in sync in slot {}", arrayName, target.name(), slot);
        events.publish(new DriverEvent.SpareActive(clock.nanoTime(), arrayName, target.name(), slot));
        recoveryListener.onRecoveryFinished(slot, next[slot], true);
    }

    /** True if any member has bad ranges (the data path skips all checks otherwise). Handler thread. */
    public boolean anyBad() {
        return badSlots != 0;
    }

    /** True if some byte of the member range is in {@code slot}'s bad ranges. Allocation-free when none. */
    public boolean isBad(int slot, long offsetBytes, long lengthBytes) {
        return (badSlots & (1L << slot)) != 0 && badRanges[slot].overlaps(offsetBytes, lengthBytes);
    }

    /**
     * Marks a range of {@code slot} bad while the array runs and has it recorded in the member's
     * bad-block log: parity a resync could not make agree with its data, or that a write left
     * behind (ParityStripeOp, data-only writes). Handler thread only.
     */
    public void distrust(int slot, long offsetBytes, long lengthBytes) {
        if ((badSlots & (1L << slot)) != 0 && badRanges[slot].covers(offsetBytes, lengthBytes)) {
            return;
        }
        markBad(slot, offsetBytes, lengthBytes);
        if (badRangesListener.onBadRangesChanged(slot, members[slot], badRanges[slot].list())) {
            badBlockUpdates++;
        }
    }

    /** Marks a range of {@code slot} bad (read from its bad-block log at assembly). */
    public void markBad(int slot, long offsetBytes, long lengthBytes) {
        badRanges[slot].add(offsetBytes, lengthBytes);
        badSlots |= 1L << slot;
        publishDirectReads();
    }

    /**
     * A successful write covered the range: it is good again. When that changes anything, the
     * {@link BadRangesListener} hears the member's remaining ranges (allocating only then: a heal
     * is rare, and the common case, no bad range at all, returns at the first test).
     */
    public void clearBad(int slot, long offsetBytes, long lengthBytes) {
        if ((badSlots & (1L << slot)) != 0 && badRanges[slot].clear(offsetBytes, lengthBytes)) {
            if (badRanges[slot].isEmpty()) {
                badSlots &= ~(1L << slot);
            }
            publishDirectReads();
            if (badRangesListener.onBadRangesChanged(slot, members[slot], badRanges[slot].list())) {
                badBlockUpdates++;
            }
        }
    }

    /** Set before the array serves I/O. */
    public void badRangesListener(BadRangesListener listener) {
        this.badRangesListener = listener;
    }

    /** One bad-block log update started by the listener is durable. Handler thread only. */
    public void badBlocksSynced() {
        if (badBlockUpdates > 0) {
            badBlockUpdates--;
        }
    }

    /** The bad ranges of {@code slot}, as {@code [start, end)} member offsets. */
    public List<long[]> badRanges(int slot) {
        return badRanges[slot].list();
    }

    /** The rebuild could not reconstruct this range of its target. */
    public void recoveryLost(long offsetBytes, long lengthBytes) {
        recoveryBad.add(offsetBytes, lengthBytes);
    }

    /** Ranges the running (or last finished) rebuild lost. */
    public List<long[]> recoveryLostRanges() {
        return recoveryBad.list();
    }

    /** Detaches a faulty member (mdadm --remove): the slot becomes empty. Handler thread. */
    public boolean detachMember(int slot) {
        if (isUsable(slot) || slot == recoverySlot) {
            return false;
        }
        Member[] next = members.clone();
        next[slot] = Member.missing(slot);
        members = next;
        MemberState[] states = this.states.clone();
        states[slot] = MemberState.MISSING;
        this.states = states;
        publishDirectReads();
        LOG.info("{}: slot {} removed", arrayName, slot);
        return true;
    }

    /** The rebuild target failed (or was stopped): forget it; the slot stays as it was. */
    public void abandonRecovery(String reason) {
        if (recoverySlot < 0) {
            return;
        }
        int slot = recoverySlot;
        Member target = recoveryTarget;
        recoverySlot = -1;
        recoveryTarget = null;
        LOG.warn("{}: rebuild of slot {} onto {} abandoned: {}", arrayName, slot, target.name(), reason);
        recoveryListener.onRecoveryFinished(slot, target, false);
    }

    /** Set before the array serves I/O. */
    public void failureListener(MemberFailureListener listener) {
        this.failureListener = listener;
    }

    /**
     * True while client completions must wait for a superblock or bad-block log update. Handler
     * thread only.
     */
    public boolean metadataPending() {
        return metadataPending || badBlockUpdates > 0;
    }

    /** The superblock update started by the failure listener is on disk. Handler thread only. */
    public void metadataSynced() {
        metadataPending = false;
        publishDirectReads();
    }

    /**
     * Pauses (or resumes) reads that bypass the ring while a background pass that reads and
     * rewrites members under stripe locks runs (resync, check, repair). Handler thread only.
     */
    public void directReadsPaused(boolean paused) {
        if (directReadsPaused != paused) {
            directReadsPaused = paused;
            publishDirectReads();
        }
    }

    /**
     * What a read that bypasses the ring may use now (see {@link DirectReadView}). Any thread,
     * allocation-free: one volatile read.
     */
    public DirectReadView directReads() {
        return directReads;
    }

    /**
     * Rebuilds the direct-read view from the current state. Runs on the handler thread after each
     * change and before the change's effects are acknowledged to any client: a write whose member
     * failed is acknowledged only after {@link #markFaulty} (which publishes) returns, and while the
     * superblocks do not yet record a failure no slot is directly readable at all, as the ring too
     * holds every completion, reads included, until they do.
     */
    private void publishDirectReads() {
        directReads = DirectReadView.of(members, states, badRanges, metadataPending || directReadsPaused);
    }

    public String arrayName() {
        return arrayName;
    }

    public RaidLayout layout() {
        return layout;
    }

    public Member member(int slot) {
        return members[slot];
    }

    /** The current slot table, safe from any thread. */
    public List<Member> members() {
        return List.of(members);
    }

    public int memberCount() {
        return members.length;
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
        return members.length - Long.bitCount(usableMask);
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
        // At once, so before the failed write (or any request that met the failure) can be
        // acknowledged: a read submitted after that acknowledgement no longer goes to this slot.
        publishDirectReads();
        long now = clock.nanoTime();
        String memberName = members[slot].name();
        LOG.warn("{}: member {} (slot {}) marked faulty after {}", arrayName, memberName, slot, cause);
        events.publish(new DriverEvent.MemberFailed(now, arrayName, memberName, cause));
        // md's rule: no write is acknowledged until the superblocks say this member is faulty, so a
        // crash can never bring the stale member back as in sync.
        if (failureListener.onMemberFaulty(slot) && !metadataPending) {
            metadataPending = true;
            publishDirectReads();
        }
        if (!layout.survives(missing)) {
            if (!failed) {
                failed = true;
                LOG.error("{}: too many members lost ({} of {}); I/O to lost data fails", arrayName, missingCount(),
                        members.length);
                events.publish(new DriverEvent.ArrayFailed(now, arrayName,
                        missingCount() + " of " + members.length + " members unusable, more than "
                                + layout.levelName() + " can survive"));
            }
        } else {
            events.publish(new DriverEvent.DegradedArray(now, arrayName, missingCount(),
                    Math.max(0, layout.redundancy() - missingCount())));
        }
    }
}
