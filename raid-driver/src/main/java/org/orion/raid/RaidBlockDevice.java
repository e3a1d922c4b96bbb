package org.orion.raid;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.raid.array.ArrayManager;
import org.orion.raid.array.Member;
import org.orion.raid.array.MemberState;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.parity.ParityKernels;
import org.orion.raid.parity.ParityManager;
import org.orion.raid.ring.RequestRing;
import org.orion.raid.stripe.FastReads;
import org.orion.raid.stripe.StripeEngine;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncListener;

/**
 * An array of member block devices that is itself a {@link BlockDevice}. {@link #submit} checks the
 * request and publishes it into the array's Disruptor ring; the ring's single handler thread
 * ({@link StripeEngine}) does the rest and completes the request exactly once. A read that needs no
 * stripe work goes straight to a member that holds its range in sync instead ({@link FastReads}),
 * also on a degraded array and during a rebuild.
 *
 * <p>The array owns its members: {@link #close()} drains in-flight requests, stops the ring and
 * closes every member. It does not flush; callers that want durability flush first (the
 * {@link BlockDevice} rule).
 */
public final class RaidBlockDevice implements BlockDevice {
    private static final long CLOSE_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final BlockDeviceInfo info;
    private final RaidLayout layout;
    private final List<Member> members;
    private final ArrayManager array;
    private final StripeEngine engine;
    private final RequestRing ring;
    private final FastReads fastReads;
    private final AtomicInteger clientInFlight = new AtomicInteger();
    private final int maxClientRequests;
    private volatile boolean closed;

    public RaidBlockDevice(String name, RaidLayout layout, List<Member> members, RaidOptions options, EventSink events,
                           NanoClock clock) {
        this(name, layout, members, options, events, clock, ParityManager.kernels());
    }

    public RaidBlockDevice(String name, RaidLayout layout, List<Member> members, RaidOptions options, EventSink events,
                           NanoClock clock, ParityKernels kernels) {
        this(name, layout, members, options, events, clock, kernels, List.of());
    }

    /**
     * An array whose members already have bad ranges (read from their bad-block logs at assembly):
     * per slot, {@code [start, end)} data-area offsets, marked before the ring starts, so no request
     * ever reads them.
     */
    public RaidBlockDevice(String name, RaidLayout layout, List<Member> members, RaidOptions options, EventSink events,
                           NanoClock clock, List<List<long[]>> badRangesBySlot) {
        this(name, layout, members, options, events, clock, ParityManager.kernels(), badRangesBySlot);
    }

    private RaidBlockDevice(String name, RaidLayout layout, List<Member> members, RaidOptions options,
                            EventSink events, NanoClock clock, ParityKernels kernels, List<List<long[]>> badRangesBySlot) {
        this.layout = layout;
        this.members = List.copyOf(members);
        this.info = describe(name, layout, this.members, options);
        this.array = new ArrayManager(name, layout, this.members, events, clock, badRangesBySlot);
        this.maxClientRequests = options.maxClientRequests();
        this.engine = new StripeEngine(layout, array, kernels, events, clock, options.stripeCacheEntries(),
                options.maxClientRequests(), options.columnBytes(), clientInFlight,
                options.rebuildPriority().busyBytesPerSecond(), options.rebuildPriority().idleBytesPerSecond());
        int inFlightBound = options.maxClientRequests() + options.stripeCacheEntries() * (layout.members() + 1) + 1024;
        this.ring = new RequestRing(name, Integer.highestOneBit(inFlightBound) << 2, engine);
        engine.attach(ring);
        this.fastReads = new FastReads(layout, array, engine, ring, clientInFlight, options.maxClientRequests());
        ring.start();
    }

    private static BlockDeviceInfo describe(String name, RaidLayout layout, List<Member> members, RaidOptions options) {
        int logical = 512;
        int physical = 512;
        boolean volatileCache = false;
        boolean discard = layout.parityBlocks() == 0 && layout.maxCopies() == 1;
        for (Member m : members) {
            if (m.isPresent()) {
                BlockDeviceInfo mi = m.device().info();
                logical = Math.max(logical, mi.logicalBlockBytes());
                physical = Math.max(physical, mi.physicalBlockBytes());
                volatileCache |= mi.volatileCache();
                discard &= mi.supportsDiscard();
            }
        }
        long capacity = layout.arrayBytes() / logical * logical;
        return new BlockDeviceInfo(name, logical, physical, capacity, options.maxTransferBytes(), volatileCache, discard,
                true);
    }

    @Override
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        if (closed) {
            return IoStatus.NO_DEVICE;
        }
        IoStatus valid = RequestChecks.check(info, request);
        if (valid != IoStatus.OK) {
            return valid;
        }
        if (request.op() == IoOp.WRITE_ZEROES && request.lengthBytes() > 0 && request.buffer() != null) {
            return IoStatus.INVALID;
        }
        if (clientInFlight.incrementAndGet() > maxClientRequests) {
            clientInFlight.decrementAndGet();
            return IoStatus.BUSY;
        }
        if (fastReads.tryStart(request)) {
            return IoStatus.OK;
        }
        if (!ring.tryPublishClient(request)) {
            clientInFlight.decrementAndGet();
            return IoStatus.BUSY;
        }
        return IoStatus.OK;
    }

    /**
     * Marks a member faulty, as {@code mdadm --fail} does, and waits (up to ten seconds) until the
     * ring thread has: then no request submitted afterwards, direct reads included, goes to it. From
     * the ring thread itself it only queues the change.
     */
    public void failMember(int slot) {
        if (slot < 0 || slot >= members.size()) {
            throw new IllegalArgumentException("no member slot " + slot + " in " + info.name() + " (0.."
                    + (members.size() - 1) + ")");
        }
        Member before = array.members().get(slot);
        ring.publishControl(StripeEngine.CONTROL_FAIL_MEMBER, slot);
        if (engine.onHandlerThread()) {
            return; // the ring runs the control after this event
        }
        // Wait until the ring has marked it, as mdadm --fail returns once md has: a read submitted
        // after this returns must not go straight to the member (FastReads reads in-sync members
        // without the ring), and a status taken now must show it failed.
        long deadline = System.nanoTime() + FAIL_WAIT_NANOS;
        // Both the state and the direct-read view (published right after it) must have changed.
        while (!closed && (array.states()[slot].isUsable() || array.directReads().mayRead(slot))
                && array.members().get(slot) == before && System.nanoTime() - deadline < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** Longest {@link #failMember} waits for the ring (a stopped or stuck ring must not hang the caller). */
    private static final long FAIL_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    /**
     * Starts a background pass (resync, check or repair) at {@code fromStripe}; progress and the
     * result go to {@code listener} (on the ring thread). A pass already running is not disturbed.
     */
    public void startSync(SyncKind kind, long fromStripe, SyncListener listener) {
        engine.syncListener(listener);
        engine.requestSync(kind, fromStripe, ring);
    }

    /**
     * Registers who records member failures in the superblocks. Until that listener's update is
     * confirmed with {@link #metadataSynced()}, completions are held back.
     */
    public void failureListener(ArrayManager.MemberFailureListener listener) {
        array.failureListener(listener);
    }

    /** Confirms (through the ring) that the superblock update for a member failure is durable. */
    public void metadataSynced() {
        ring.publishControl(StripeEngine.CONTROL_METADATA_SYNCED, 0);
    }

    /**
     * Registers who rewrites a member's bad-block log when writes heal its bad ranges. Until each
     * update is confirmed with {@link #badBlocksSynced()}, completions are held back.
     */
    public void badRangesListener(ArrayManager.BadRangesListener listener) {
        array.badRangesListener(listener);
    }

    /** Confirms (through the ring) that one bad-block log update the listener started is durable. */
    public void badBlocksSynced() {
        ring.publishControl(StripeEngine.CONTROL_BADBLOCKS_SYNCED, 0);
    }

    /**
     * Ring thread only (from a {@link SyncListener}): the running rebuild's target ranges it could
     * not reconstruct so far, as {@code [start, end)} data-area offsets.
     */
    public List<long[]> rebuildLostRanges() {
        return array.recoveryLostRanges();
    }

    /**
     * Rebuilds {@code slot} onto {@code target} (whose array data starts at {@code dataOffsetBytes}),
     * starting at {@code fromStripe}: a recovery when the slot's member is faulty or missing, a hot
     * replace when it still serves (it keeps serving until the copy is done). The target receives
     * writes for everything already rebuilt, so it is never behind when it takes the slot. Progress
     * and the result go to {@code listener}; the slot change to {@link #recoveryListener}.
     */
    public void beginRecovery(int slot, BlockDevice target, long dataOffsetBytes, long fromStripe, SyncListener listener) {
        beginRecovery(slot, target, dataOffsetBytes, fromStripe, List.of(), listener);
    }

    /**
     * Like {@link #beginRecovery(int, BlockDevice, long, long, SyncListener)}, resuming a rebuild:
     * {@code lostBelowStart} are the target's {@code [start, end)} data-area ranges below
     * {@code fromStripe} that the earlier run could not rebuild; they stay lost.
     */
    public void beginRecovery(int slot, BlockDevice target, long dataOffsetBytes, long fromStripe,
                              List<long[]> lostBelowStart, SyncListener listener) {
        if (slot < 0 || slot >= layout.members()) {
            throw new IllegalArgumentException("no slot " + slot + " in " + info.name());
        }
        engine.syncListener(listener);
        engine.requestRecovery(slot, new Member(slot, target.info().name(), target, dataOffsetBytes), fromStripe,
                lostBelowStart, ring);
    }

    /**
     * Ring thread only, from inside a {@link ArrayManager.MemberFailureListener}: rebuilds the slot
     * that just failed onto {@code target} as soon as the failure is handled, in the same ring event
     * (no thread hand-off between a member's failure and the start of its recovery). The caller
     * records the target in the superblocks afterwards; see
     * {@link StripeEngine#recoverAfterFailure} for why that order is safe.
     *
     * @return false if a rebuild is already running or queued; the caller keeps its spare
     */
    public boolean recoverAfterFailure(int slot, BlockDevice target, long dataOffsetBytes, SyncListener listener,
                                       Runnable started) {
        return engine.recoverAfterFailure(slot, new Member(slot, target.info().name(), target, dataOffsetBytes), listener,
                started);
    }

    /**
     * Allocates the buffers the first piece of a background pass needs, so that a rebuild starting
     * at a member failure does not allocate them on its way (asynchronous, through the ring).
     */
    public void prepareRebuild() {
        ring.publishControl(StripeEngine.CONTROL_PREPARE_SYNC, 0);
    }

    /** Detaches the faulty member of {@code slot} (asynchronous, through the ring). */
    public void removeMember(int slot) {
        ring.publishControl(StripeEngine.CONTROL_REMOVE_MEMBER, slot);
    }

    /** Hears when a rebuild completes (the target now holds the slot) or is abandoned. */
    public void recoveryListener(ArrayManager.RecoveryListener listener) {
        array.recoveryListener(listener);
    }

    /** Stops the running pass; its listener hears {@code onFinished(kind, false, ...)}. */
    public void stopSync() {
        ring.publishControl(StripeEngine.CONTROL_STOP_SYNC, 0);
    }

    public RaidLayout layout() {
        return layout;
    }

    /** The current slot table (a rebuilt member replaces the one it rebuilt). */
    public List<Member> members() {
        return array.members();
    }

    /** Member states, safe from any thread. */
    public MemberState[] memberStates() {
        return array.states();
    }

    /** Counters of the data path (read errors, reconstructions, corrections, internal errors). */
    public StripeEngine engine() {
        return engine;
    }

    /** Reads served straight from one member, without the ring (see {@link FastReads}). */
    public FastReads fastReads() {
        return fastReads;
    }

    @Override
    public void close() {
        if (stop()) {
            for (Member m : array.members()) {
                if (m.isPresent()) {
                    m.device().close();
                }
            }
        }
    }

    /**
     * Stops the array without closing its members (they go back to the caller, as with
     * {@code mdadm --stop}): refuses new requests, drains those in flight and stops the ring.
     *
     * @return false if it was already stopped
     */
    public boolean stop() {
        if (closed) {
            return false;
        }
        closed = true;
        long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
        while (clientInFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ring.halt(TimeUnit.SECONDS.toNanos(5));
        engine.close();
        return true;
    }
}
