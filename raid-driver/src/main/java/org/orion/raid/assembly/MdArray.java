package org.orion.raid.assembly;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;
import org.orion.raid.RaidArray;
import org.orion.raid.RaidBlockDevice;
import org.orion.raid.RaidOptions;
import org.orion.raid.array.Member;
import org.orion.raid.array.MemberState;
import org.orion.raid.md.DevRoles;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.MdTime;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncListener;
import org.orion.raid.stripe.SyncResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running array whose truth lives in md superblocks on its members. It writes them the way md
 * does: on start (events+1, marked active: resync_offset 0, so a crash means a resync), when a
 * member fails (its role becomes faulty on every survivor before any write is acknowledged), and
 * on a clean stop (events+1, resync_offset all-ones, or the resync checkpoint if one was cut short).
 * A dirty array is resynced in the background from where the superblock says.
 *
 * <p>Superblocks are written on the "conductor" thread only; the ring thread asks it to.
 */
public final class MdArray implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MdArray.class);

    private final AssemblyPlan plan;
    private final boolean readOnly;
    private final RaidBlockDevice device;
    private final RaidArray array;
    private final ExecutorService conductor;
    private final List<BlockDevice> spares = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Superblock1[] slotSuperblocks;
    private final List<Superblock1> spareSuperblocks = new ArrayList<>();
    private DevRoles roles;
    private long events;
    private volatile boolean resyncPending;
    private volatile CompletableFuture<SyncResult> syncDone = new CompletableFuture<>();
    private volatile boolean stopped;
    /** Device numbers of members a hot replace pushed out: recorded faulty, as md does. */
    private final java.util.Set<Integer> replacedDevNumbers = new java.util.concurrent.CopyOnWriteArraySet<>();
    /** Start a rebuild onto a spare as soon as a member fails (hot_spare_auto_allocate). */
    private volatile boolean autoSpare = true;
    /** Rebuild checkpoints (a flush and a superblock write each) are at least this far apart. */
    private static final long CHECKPOINT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** When the last rebuild checkpoint was written (conductor thread). */
    private long lastCheckpointNanos;
    /** The device being rebuilt and its superblock (conductor thread), or null. */
    private BlockDevice rebuildDevice;
    private Superblock1 rebuildSuperblock;
    private int rebuildSlot = -1;
    private boolean rebuildIsReplace;
    private volatile java.util.concurrent.CountDownLatch rebuildSettled = new java.util.concurrent.CountDownLatch(0);
    /** The rebuild target as {@link #rebuilding()} shows it to other threads; null when none. */
    private volatile org.orion.driver.api.array.MemberStatus rebuildingStatus;
    /** Asked for a spare when none of this array's own fits (the kernel's global pool); may be null. */
    private volatile org.orion.driver.api.array.SpareProvider spareProvider;

    private final EventSink eventSink;
    private final NanoClock clock;
    /** The members' bad-block logs (conductor thread). */
    private final MemberBadBlocks badBlocks;
    /** Per slot: bumped by each heal, so a log update superseded by a later one skips its I/O. */
    private final java.util.concurrent.atomic.AtomicLongArray healGenerations;

    private MdArray(AssemblyPlan plan, boolean readOnly, RaidOptions options, EventSink events, NanoClock clock) {
        this.plan = plan;
        this.eventSink = events;
        this.clock = clock;
        this.readOnly = readOnly;
        this.roles = plan.roles();
        this.events = plan.freshest().events();
        int raidDisks = plan.slots().size();
        this.slotSuperblocks = new Superblock1[raidDisks];
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < raidDisks; i++) {
            AssemblyPlan.Slot s = plan.slots().get(i);
            if (s == null) {
                members.add(Member.missing(i));
            } else {
                slotSuperblocks[i] = s.superblock();
                members.add(new Member(i, s.device().info().name(), s.device(), s.superblock().dataOffsetSectors() * 512));
            }
        }
        for (AssemblyPlan.Slot spare : plan.spares()) {
            spareSuperblocks.add(spare.superblock());
            spares.add(spare.device());
        }
        this.conductor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orion-md-" + plan.name());
            t.setDaemon(true);
            return t;
        });
        this.badBlocks = new MemberBadBlocks(plan.name());
        this.healGenerations = new java.util.concurrent.atomic.AtomicLongArray(raidDisks);
        this.device = new RaidBlockDevice(plan.name(), plan.layout(), members, options, events, clock,
                MemberBadBlocks.bySlot(plan));
        this.array = new RaidArray(device);
        array.notes(plan.notes());
        if (!readOnly) {
            device.failureListener(this::memberFaulty);
            device.badRangesListener(this::badRangesChanged);
        }
    }

    /**
     * Starts the array the plan describes: writes the start-of-run superblocks (unless read-only)
     * and, when the array was not stopped cleanly, starts a resync from the recorded point.
     */
    public static MdArray start(AssemblyPlan plan, boolean readOnly, RaidOptions options, EventSink events,
                                NanoClock clock) {
        MdArray md = new MdArray(plan, readOnly, options, events, clock);
        if (!readOnly) {
            md.resyncPending = plan.dirty() && redundancyLeft(plan);
            md.resyncedAtStart = md.resyncPending;
            md.call(() -> md.writeAll(0));
            if (plan.recovering() != null) {
                AssemblyPlan.Recovering r = plan.recovering();
                md.call(() -> md.resumeRebuild(r));
            } else if (md.resyncPending) {
                long fromStripe = md.stripeOfSectors(plan.resyncFromSectors());
                LOG.info("{}: was not stopped cleanly: resync from stripe {}", plan.name(), fromStripe);
                md.startSync(SyncKind.RESYNC, fromStripe);
            }
            md.conductor.execute(md::armStandby);
        }
        return md;
    }

    /**
     * Whether the members present still hold redundancy a resync can make consistent, as md
     * decides: every member present; a mirror (RAID1/10) with two or more members left, so the
     * copies that remain are made equal (otherwise reads of one block could differ from read to
     * read, and a clean stop would record the disagreement as clean); a RAID6 with one member
     * missing (stripes that lost P or Q get the other recomputed). A RAID5 missing a member, or a
     * RAID6 missing two, has nothing left to resync; nor has RAID0.
     */
    static boolean redundancyLeft(AssemblyPlan plan) {
        int parity = plan.layout().parityBlocks();
        if (parity == 0 && plan.layout().maxCopies() < 2) {
            // RAID0 (and a one-member mirror): nothing to make consistent; md never resyncs them.
            // A pass here only kept a dirty array "resyncing", and one left running when a member
            // failed never ended (a 10,000-seed campaign found two such seeds).
            return false;
        }
        int missing = plan.missingCount();
        if (missing == 0) {
            return true;
        }
        return parity > 0 ? missing < parity : plan.slots().size() - missing >= 2;
    }

    public RaidArray array() {
        return array;
    }

    public AssemblyPlan plan() {
        return plan;
    }

    public long events() {
        return events;
    }

    /** The superblock of the first usable member as last written (the array's current truth). */
    public Superblock1 currentSuperblock() {
        var states = device.memberStates();
        for (int i = 0; i < slotSuperblocks.length; i++) {
            if (slotSuperblocks[i] != null && states[i].isUsable()) {
                return slotSuperblocks[i];
            }
        }
        return plan.freshest();
    }

    /** Superblocks per slot (null where missing), as last written. */
    public Superblock1[] slotSuperblocks() {
        return slotSuperblocks.clone();
    }

    /** The spares' devices. */
    public List<BlockDevice> spareDevices() {
        return List.copyOf(spares);
    }

    public Superblock1[] spareSuperblocks() {
        return spareSuperblocks.toArray(new Superblock1[0]);
    }

    private List<Superblock1> spareSuperblocksList() {
        return spareSuperblocks;
    }

    /** True while a resync this array needs has not finished. */
    public boolean resyncPending() {
        return resyncPending;
    }

    /**
     * True if assembly found the array not stopped cleanly and started its resync (which may have
     * ended since: a small array's resync can finish before anyone looks at {@link #resyncPending}).
     */
    public boolean resyncedAtStart() {
        return resyncedAtStart;
    }

    private volatile boolean resyncedAtStart;

    private final List<Runnable> stopHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code hook} when the array stops. */
    public void onStop(Runnable hook) {
        stopHooks.add(hook);
    }

    /** A check or repair paused by {@link #pauseSync()}: where it got to. */
    private volatile SyncKind pausedKind;
    private volatile long pausedAtStripe;
    private volatile boolean pausing;

    /**
     * Starts a background pass; the returned future completes with its result. A check or repair
     * that was paused resumes from its checkpoint instead of starting over.
     */
    public CompletableFuture<SyncResult> startSync(SyncKind kind, long fromStripe) {
        long from = fromStripe;
        if (kind == pausedKind && fromStripe == 0) {
            from = pausedAtStripe;
            LOG.info("{}: {} resumes at stripe {}", plan.name(), kind.mdName(), from);
        }
        pausedKind = null;
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        syncDone = done;
        device.startSync(kind, from, new SyncListener() {
            public void onProgress(SyncKind k, long checkpointStripe, long totalStripes) {
            }

            public void onFinished(SyncKind k, boolean completed, SyncResult result) {
                if (k == SyncKind.RESYNC && completed) {
                    resyncPending = false;
                }
                if (!completed && pausing && (k == SyncKind.CHECK || k == SyncKind.REPAIR)) {
                    pausedKind = k;
                    pausedAtStripe = device.engine().syncProgressStripes();
                }
                pausing = false;
                array.recordSync(k, result);
                done.complete(result);
            }
        });
        return done;
    }

    /**
     * Pauses a running check or repair (mdadm --action=idle); the next start of the same pass
     * resumes from where it stopped.
     */
    public void pauseSync() {
        SyncKind running = device.engine().runningSync();
        if (running != SyncKind.CHECK && running != SyncKind.REPAIR) {
            throw new OrionException(ErrorCode.CONFLICT, plan.name() + " is running "
                    + (running == null ? "nothing" : running.mdName()) + ": only a check or repair can be paused");
        }
        pausing = true;
        device.stopSync();
    }

    /** The paused pass and where it stopped, or null. */
    public SyncKind pausedSync() {
        return pausedKind;
    }

    /** The pass started last. */
    public CompletableFuture<SyncResult> syncDone() {
        return syncDone;
    }

    /**
     * Stops cleanly: drains I/O, flushes every member, and records a clean (or checkpointed)
     * state in the superblocks. Members are left open for the caller. Idempotent.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopHooks.forEach(Runnable::run);
        if (healthMonitor != null) {
            healthMonitor.close();
        }
        long checkpointStripe = -1;
        if (device.engine().runningSync() != null) {
            boolean rebuilding = device.engine().runningSync() == SyncKind.RECOVER;
            device.stopSync();
            try {
                if (rebuilding) {
                    rebuildSettled.await(30, TimeUnit.SECONDS);
                } else {
                    syncDone.get(30, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.warn("{}: background pass did not stop in time: {}", plan.name(), e.toString());
            }
            checkpointStripe = device.engine().syncProgressStripes();
        }
        device.stop();
        if (!readOnly) {
            for (Member m : device.members()) {
                if (m.isPresent() && device.memberStates()[m.slot()].isUsable()) {
                    SyncIo.flush(m.device());
                }
            }
            long resync = resyncPending ? sectorsOfStripe(Math.max(0, checkpointStripe)) : Superblock1.MAX_SECTOR;
            try {
                call(() -> {
                    if (rebuildDevice != null) {
                        // The stopped rebuild's recovery_offset goes out below: its data first (md's PREFLUSH).
                        SyncIo.flush(rebuildDevice);
                    }
                    writeAll(resync);
                });
            } catch (OrionException e) {
                // Every member is gone: nothing can record the stop, and the array still stops (and
                // close() still closes the devices) instead of throwing half way.
                LOG.error("{}: the stop could not be recorded: {}", plan.name(), e.getMessage());
            }
        }
        conductor.shutdown();
    }

    /** Stops, then closes every member and spare. */
    @Override
    public void close() {
        stop();
        for (Member m : device.members()) {
            if (m.isPresent()) {
                m.device().close();
            }
        }
        spares.forEach(BlockDevice::close);
    }

    /**
     * Ring thread: a member failed. If a standby spare is armed, its rebuild starts right here, in
     * the same ring event (failover without a thread hand-off); then the conductor records the
     * failure (and the spare's new slot) on every member and releases held acknowledgements.
     */
    private boolean memberFaulty(int slot) {
        Standby claimed = claimStandby(slot);
        if (claimed == null) {
            conductor.execute(() -> recordFailure(slot, null));
        }
        return true;
    }

    /**
     * Ring thread: a write healed bad ranges of {@code slot}, or a resync added one. The conductor
     * rewrites its bad-block log; until that is durable the ring holds client acknowledgements (the
     * same hold as for a member failure), so the healing write is never acknowledged while a crash
     * could still bring the range back as unreadable. An added range is recorded before the
     * resync's end marks the array clean: both go through the conductor, in order. Returns false
     * (nothing held) once the conductor has shut down.
     */
    private boolean badRangesChanged(int slot, Member member, List<long[]> remaining) {
        long generation = healGenerations.incrementAndGet(slot);
        try {
            conductor.execute(() -> persistBadRanges(slot, member, remaining, generation));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("{}: the bad ranges of slot {} changed while stopping: its bad-block log is not rewritten",
                    plan.name(), slot);
            return false;
        }
    }

    /**
     * Conductor thread: records {@code slot}'s remaining bad ranges on its member (see
     * {@link MemberBadBlocks#healed}); skipped when a later heal of the slot is queued (it carries
     * these ranges' successor) or the slot changed hands. Always releases its hold on the ring.
     */
    private void persistBadRanges(int slot, Member member, List<long[]> remaining, long generation) {
        try {
            Superblock1 sb = slotSuperblocks[slot];
            if (generation != healGenerations.get(slot) || sb == null
                    || device.members().get(slot).device() != member.device()
                    || !device.memberStates()[slot].isUsable()) {
                return;
            }
            Superblock1 next = badBlocks.healed(member.device(), sb, remaining);
            if (next == null) {
                // Its log cannot be rewritten: md fails a member whose metadata cannot be written.
                device.failMember(slot);
            } else if (!next.equals(sb)) {
                slotSuperblocks[slot] = next;
                writeAll(0);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: could not record the healed ranges of slot {}", plan.name(), slot, e);
        } finally {
            device.badBlocksSynced();
        }
    }

    /**
     * A spare suitable for any slot, chosen ahead of time by the conductor ({@link #armStandby}) so
     * that a failure can start its rebuild on the ring thread. {@code claimed}: the ring thread took
     * it for a failure the conductor has not recorded yet (no other rebuild may start meanwhile).
     */
    private record Standby(BlockDevice device, long dataOffsetBytes, boolean claimed,
                           java.util.concurrent.CountDownLatch ended) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Standby> standby =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Ring thread, inside the failure: starts the armed spare's rebuild of {@code slot}; null if none. */
    private Standby claimStandby(int slot) {
        Standby armed = standby.get();
        if (armed == null || armed.claimed() || !autoSpare || stopped || !survivesNow()) {
            return null;
        }
        Standby claim = new Standby(armed.device(), armed.dataOffsetBytes(), true,
                new java.util.concurrent.CountDownLatch(1));
        if (!standby.compareAndSet(armed, claim)) {
            return null;
        }
        java.util.concurrent.CountDownLatch settled = new java.util.concurrent.CountDownLatch(1);
        // The conductor is woken only once the rebuild has begun: woken earlier, on a busy machine it
        // can take this CPU and write superblocks before the ring thread starts the rebuild.
        if (!device.recoverAfterFailure(slot, armed.device(), armed.dataOffsetBytes(), rebuildListener(claim.ended()),
                () -> conductor.execute(() -> recordFailure(slot, claim)))) {
            standby.compareAndSet(claim, armed);
            return null;
        }
        rebuildSettled = settled;
        return claim;
    }

    /** True if the array still has its data with the members usable now (a spare can help). */
    private boolean survivesNow() {
        MemberState[] states = device.memberStates();
        boolean[] missing = new boolean[states.length];
        for (int i = 0; i < states.length; i++) {
            missing[i] = !states[i].isUsable();
        }
        return plan.layout().survives(missing);
    }

    /**
     * Conductor thread: records the failure of {@code slot} on the survivors, then releases held
     * acknowledgements (md's rule: no write is acknowledged before the superblocks say the member
     * is faulty). When the ring thread already started a spare's rebuild, the same update names
     * the spare for the slot with recovery_offset 0: a crash after it assembles the array degraded
     * with the spare recovering from the start, exactly what md's two separate updates would give;
     * a crash before it leaves the spare a spare (its data area was never read as array data).
     */
    private void recordFailure(int slot, Standby claimed) {
        boolean passedOver = false;
        if (claimed != null && !stillSuitable(slot, claimed)) {
            standby.compareAndSet(claimed, null);
            claimed = null;
            passedOver = true;
        }
        try {
            Superblock1 failed = slotSuperblocks[slot];
            if (failed != null) {
                roles = roles.with(failed.devNumber(), DevRoles.FAULTY);
            }
            if (claimed != null) {
                adoptClaimedSpare(slot, claimed);
            }
            writeAll(0);
        } catch (RuntimeException e) {
            LOG.error("{}: could not record the failure of slot {} in the superblocks", plan.name(), slot, e);
        } finally {
            device.metadataSynced();
        }
        if (claimed != null) {
            standby.compareAndSet(claimed, null);
            return;
        }
        Runnable nextSpare = () -> {
            if (autoSpare && rebuildDevice == null) {
                activateSpare(slot, 0);
            } else if (!autoSpare) {
                eventSink.publish(new DriverEvent.SpareNotUsed(clock.nanoTime(), plan.name(), "",
                        "hot_spare_auto_allocate is off in [raid]: slot " + slot + " stays empty until a device is added"
                                + " with --add"));
            }
            armStandby();
        };
        if (passedOver) {
            // After the stopped rebuild's end, already queued, has been handled.
            conductor.execute(nextSpare);
        } else {
            nextSpare.run();
        }
    }

    /**
     * Conductor thread: the claimed spare's health is judged again now that the failure is being
     * recorded (the ring thread took it without asking the disk). If it turned unsuitable since it
     * was armed, its rebuild is stopped before any superblock names it, SpareNotUsed says why, and
     * the usual search for a spare follows.
     */
    private boolean stillSuitable(int slot, Standby claimed) {
        String why = unsuitable(claimed.device(), spareSuperblocks.get(spares.indexOf(claimed.device())));
        if (why == null) {
            return true;
        }
        device.stopSync();
        try {
            // Its end is queued on this thread by then (rebuildListener), ahead of what follows here.
            claimed.ended().await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (device.members().get(slot).device() == claimed.device()) {
            // A small array rebuilt completely before this check: it is in sync, keep it (the
            // health monitor will replace it if it keeps failing).
            LOG.warn("{}: {} is {}, but had already rebuilt slot {}", plan.name(), claimed.device().info().name(), why,
                    slot);
            return true;
        }
        eventSink.publish(new DriverEvent.SpareNotUsed(clock.nanoTime(), plan.name(), claimed.device().info().name(),
                why + " (found after its rebuild had started: stopped)"));
        rebuildSettled.countDown();
        return false;
    }

    /** Conductor thread: the claimed standby becomes the rebuild target of {@code slot}. */
    private void adoptClaimedSpare(int slot, Standby claimed) {
        takeSpare(slot, spares.indexOf(claimed.device()), false, 0, List.of());
        LOG.info("{}: recovery of slot {} onto {} started", plan.name(), slot, claimed.device().info().name());
    }

    /**
     * Conductor thread: chooses the first suitable spare as the standby a failure takes at once
     * (hot_spare_auto_allocate), or none. Its health is judged now; the next arming judges again.
     */
    private void armStandby() {
        Standby current = standby.get();
        if (current != null && current.claimed()) {
            return;
        }
        Standby next = null;
        if (!readOnly && !stopped && autoSpare && rebuildDevice == null) {
            for (int i = 0; i < spares.size() && next == null; i++) {
                if (unsuitable(spares.get(i), spareSuperblocks.get(i)) == null) {
                    next = new Standby(spares.get(i), spareSuperblocks.get(i).dataOffsetSectors() * 512, false,
                            null);
                }
            }
        }
        if (standby.compareAndSet(current, next) && next != null) {
            device.prepareRebuild();
        }
    }

    /** Conductor thread: no standby until re-armed; refused while a claimed one is not yet recorded. */
    private void disarmStandby() {
        Standby previous = standby.getAndSet(null);
        if (previous != null && previous.claimed()) {
            standby.compareAndSet(null, previous);
            throw new OrionException(ErrorCode.CONFLICT, plan.name() + ": a rebuild onto "
                    + previous.device().info().name() + " is starting: wait for it to finish");
        }
    }

    /** Where to ask for a spare when none of this array's own fits; null for nowhere. */
    public void spareProvider(org.orion.driver.api.array.SpareProvider provider) {
        this.spareProvider = provider;
    }

    /**
     * Waits until the rebuild started last has ended and its end is recorded in the superblocks
     * (at once if none was started). Returns false on timeout.
     */
    boolean awaitRebuildRecorded(long timeout, TimeUnit unit) throws InterruptedException {
        return rebuildSettled.await(timeout, unit);
    }

    /** The device a rebuild is writing into a slot now, or empty. */
    public List<org.orion.driver.api.array.MemberStatus> rebuilding() {
        var status = rebuildingStatus;
        return status == null ? List.of() : List.of(status);
    }

    /**
     * Conductor thread: a device that is in the array already is not added twice. An active member
     * is refused. An idle spare that is added again (it went away and came back: md drops a spare
     * whose superblock write fails, and --add brings it back) loses its old entry first, so it is
     * listed once; listed twice, a second failure could choose it for another slot while it
     * already held one (campaign seed 103134: one disk rebuilding slots 2 and 3).
     */
    private void forgetIfAlreadySpare(BlockDevice newDevice) {
        String name = newDevice.info().name();
        if (rebuildDevice != null && rebuildDevice.info().name().equals(name)) {
            // Listed as a spare as well, it could be chosen to rebuild a second slot over this one
            // (campaign seed 131709: slot 0 was then rebuilt onto the disk that held slot 2).
            throw new OrionException(ErrorCode.CONFLICT, name + " is being rebuilt into slot " + rebuildSlot + " of "
                    + plan.name() + ": nothing to add (fail it first to start its rebuild again)");
        }
        for (int i = 0; i < slotSuperblocks.length; i++) {
            BlockDevice member = device.members().get(i).device();
            if (member != null && member.info().name().equals(name) && device.memberStates()[i].isUsable()) {
                throw new OrionException(ErrorCode.CONFLICT, name + " is already an active member of " + plan.name()
                        + " (slot " + i + "): nothing to add");
            }
        }
        for (int i = 0; i < spares.size(); i++) {
            if (spares.get(i).info().name().equals(name)) {
                disarmStandby(); // refuses while a rebuild onto a spare is being claimed
                spares.remove(i);
                spareSuperblocksList().remove(i);
                LOG.info("{}: {} was already a spare: listed once", plan.name(), name);
                return;
            }
        }
    }

    /** The smallest device that can take a slot: data offset plus the per-member data size. */
    public long minimumMemberBytes() {
        Superblock1 current = currentSuperblock();
        return (current.dataOffsetSectors() + current.sizeSectors()) * 512;
    }

    /**
     * Removes the idle spare {@code deviceName} and returns its device (mdadm --remove of a spare; the
     * kernel's spare pool then adds it to another array: MoveSpare). Its superblock is left as it is,
     * as md leaves it; the array it joins next writes its own.
     */
    public BlockDevice removeSpare(String deviceName) {
        java.util.concurrent.atomic.AtomicReference<BlockDevice> removed = new java.util.concurrent.atomic.AtomicReference<>();
        call(() -> {
            requireWritable();
            for (int i = 0; i < spares.size(); i++) {
                if (spares.get(i).info().name().equals(deviceName)) {
                    removed.set(spares.remove(i));
                    spareSuperblocksList().remove(i);
                    writeAll(0);
                    LOG.info("{}: spare {} removed", plan.name(), deviceName);
                    return;
                }
            }
            throw new OrionException(ErrorCode.NOT_FOUND, plan.name() + " has no idle spare named " + deviceName
                    + (spares.isEmpty() ? " (it has no idle spare)" : " (idle spares: " + String.join(", ",
                    spares.stream().map(d -> d.info().name()).toList()) + ")"));
        });
        return removed.get();
    }

    private volatile org.orion.raid.health.HealthMonitor healthMonitor;

    /**
     * Watches the members' health counters on a schedule; a member predicted to fail is hot
     * replaced onto a spare when the policy allows (mdadm --replace, started by the monitor).
     */
    public void monitorHealth(org.orion.raid.health.HealthPolicy policy, EventSink events, NanoClock clock) {
        if (readOnly) {
            return;
        }
        org.orion.raid.health.HealthMonitor monitor = new org.orion.raid.health.HealthMonitor(plan.name(),
                org.orion.raid.health.ArrayMembers.of(device), policy, () -> !spares.isEmpty() && rebuildDevice == null,
                this::requestReplace, events, clock);
        healthMonitor = monitor;
        monitor.start();
    }

    /** The running health monitor, if {@link #monitorHealth} started one. */
    public java.util.Optional<org.orion.raid.health.HealthMonitor> healthMonitor() {
        return java.util.Optional.ofNullable(healthMonitor);
    }

    /** Health monitor thread: start a hot replace of {@code slot} onto the first spare. */
    private boolean requestReplace(int slot, String reason) {
        try {
            LOG.warn("{}: replacing slot {} proactively: {}", plan.name(), slot, reason);
            replaceMember(slot, null);
            return true;
        } catch (OrionException e) {
            LOG.warn("{}: proactive replace of slot {} refused: {}", plan.name(), slot, e.getMessage());
            return false;
        }
    }

    /** Whether a failed member is replaced by a spare at once (hot_spare_auto_allocate). */
    public void autoSpare(boolean enabled) {
        this.autoSpare = enabled;
        if (!readOnly && !stopped) {
            conductor.execute(this::armStandby);
        }
    }

    /**
     * Adds {@code newDevice}: it rebuilds the first slot that has no in-sync member (md's --add on
     * a degraded array), or becomes a spare when every slot is in sync.
     */
    public void addMember(BlockDevice newDevice) {
        call(() -> {
            requireWritable();
            forgetIfAlreadySpare(newDevice);
            int slot = firstEmptySlot();
            Superblock1 sb = newMemberSuperblock(newDevice, DevRoles.SPARE);
            // A former member coming back (md's re-add): it keeps its device number and, when its old
            // slot is empty, is rebuilt into that slot.
            Superblock1 former = formerMember(newDevice);
            if (former != null) {
                int oldSlot = former.devRoles().roleOf(former.devNumber());
                if (!usedDevNumber(former.devNumber())) {
                    sb = sb.toBuilder().devNumber(former.devNumber()).deviceUuid(former.deviceUuid()).buildWithChecksum();
                }
                if (DevRoles.isSlot(oldSlot) && oldSlot < slotSuperblocks.length
                        && !device.memberStates()[oldSlot].isUsable()) {
                    slot = oldSlot;
                }
                LOG.info("{}: {} was a member (slot {}): re-added", plan.name(), newDevice.info().name(), oldSlot);
            }
            if (slot < 0 || rebuildDevice != null) {
                roles = roles.with(sb.devNumber(), DevRoles.SPARE);
                spares.add(newDevice);
                spareSuperblocksList().add(sb);
                writeAll(0);
                LOG.info("{}: {} added as a spare", plan.name(), newDevice.info().name());
                armStandby();
                return;
            }
            String why = unsuitable(newDevice, sb);
            if (why != null) {
                throw new OrionException(ErrorCode.SIZE, newDevice.info().name() + " cannot rebuild slot " + slot + ": " + why);
            }
            spares.add(newDevice);
            spareSuperblocksList().add(sb);
            if (!startRebuild(slot, spares.size() - 1, false, 0)) {
                throw new OrionException(ErrorCode.IO, newDevice.info().name() + " cannot rebuild slot " + slot
                        + ": no member of " + plan.name() + " accepted the superblock update that would record it"
                        + " (every member has failed; assemble the array again from its members)");
            }
        });
    }

    /** The superblock {@code candidate} carries if it was once a member of this array, else null. */
    private Superblock1 formerMember(BlockDevice candidate) {
        try {
            return SuperblockLocator.find(candidate).map(SuperblockLocator.Found::superblock)
                    .filter(sb -> sb.setUuid().equals(currentSuperblock().setUuid())).orElse(null);
        } catch (OrionException e) {
            return null;
        }
    }

    /** Starts a hot replace of {@code slot} onto {@code with} (null: the first spare). */
    public void replaceMember(int slot, BlockDevice with) {
        call(() -> {
            requireWritable();
            if (rebuildDevice != null) {
                throw new OrionException(ErrorCode.CONFLICT, plan.name() + ": a rebuild onto "
                        + rebuildDevice.info().name() + " is running: wait for it to finish");
            }
            if (!device.memberStates()[slot].isUsable()) {
                throw new OrionException(ErrorCode.USAGE, plan.name() + ": slot " + slot
                        + " has no working member to replace: use --add to rebuild it");
            }
            if (with != null) {
                Superblock1 sb = newMemberSuperblock(with, DevRoles.SPARE);
                spares.add(with);
                spareSuperblocksList().add(sb);
            }
            if (spares.isEmpty()) {
                throw new OrionException(ErrorCode.NOT_FOUND, plan.name() + " has no spare to replace slot " + slot
                        + " with: add one (--add) or name it with --with");
            }
            startRebuild(slot, with != null ? spares.size() - 1 : 0, true, 0);
        });
    }

    /** Detaches the faulty member of {@code slot} (mdadm --remove). */
    public void removeMember(int slot) {
        if (device.memberStates()[slot].isUsable()) {
            throw new OrionException(ErrorCode.CONFLICT, plan.name() + ": slot " + slot
                    + " is in sync; mark it faulty first (--fail), then remove it");
        }
        device.removeMember(slot);
    }

    /**
     * Conductor thread: the first suitable spare rebuilds {@code slot}. Each spare passed over, or
     * having none, raises SpareNotUsed with the reason, so a spare never silently fails to kick in.
     */
    private void activateSpare(int slot, long fromSectors) {
        for (int i = 0; i < spares.size(); i++) {
            String why = unsuitable(spares.get(i), spareSuperblocks.get(i));
            if (why == null) {
                try {
                    startRebuild(slot, i, false, fromSectors);
                } catch (OrionException e) {
                    if (e.code() != ErrorCode.CONFLICT) {
                        throw e;
                    }
                    // The ring thread claimed the standby spare for another failure a moment ago and
                    // that rebuild is starting; md runs one recovery at a time, and when it ends
                    // the next empty slot (this one) gets the next spare. Thrown on, this killed
                    // the conductor's task (campaign seeds 130000..130999 logged it once).
                    LOG.info("{}: slot {} waits for a spare: {}", plan.name(), slot, e.getMessage());
                }
                return;
            }
            eventSink.publish(new DriverEvent.SpareNotUsed(clock.nanoTime(), plan.name(), spares.get(i).info().name(), why));
        }
        org.orion.driver.api.array.SpareProvider provider = spareProvider;
        if (provider != null) {
            try {
                if (provider.spareWanted(plan.name(), slot, minimumMemberBytes())) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.error("{}: the spare pool failed while asked for a spare for slot {}", plan.name(), slot, e);
            }
        }
        eventSink.publish(new DriverEvent.SpareNotUsed(clock.nanoTime(), plan.name(), "",
                "no spare left to rebuild slot " + slot + ": add one with --add"));
    }

    /** Why a spare cannot take a slot, or null if it can. */
    private String unsuitable(BlockDevice spare, Superblock1 sb) {
        Superblock1 current = currentSuperblock();
        long needed = (current.dataOffsetSectors() + current.sizeSectors()) * 512;
        if (spare.info().capacityBytes() < needed) {
            return "too small: " + spare.info().capacityBytes() + " bytes, a member needs " + needed;
        }
        var disk = org.orion.raid.health.ArrayMembers.physicalDiskOf(spare);
        if (disk.isPresent() && !disk.get().health().passed()) {
            return "unhealthy: its own health verdict is FAILED";
        }
        return null;
    }

    /**
     * Conductor thread: records the rebuild in the superblocks, then starts it in the engine; false
     * (and SpareNotUsed) if no member is left to record it in.
     */
    private boolean startRebuild(int slot, int spareIndex, boolean replace, long fromSectors) {
        return startRebuild(slot, spareIndex, replace, fromSectors, List.of());
    }

    /** {@code lostBelow}: a resumed rebuild's ranges below {@code fromSectors} that it could not rebuild before. */
    private boolean startRebuild(int slot, int spareIndex, boolean replace, long fromSectors, List<long[]> lostBelow) {
        disarmStandby();
        BlockDevice target = spares.get(spareIndex);
        Superblock1 sb = takeSpare(slot, spareIndex, replace, fromSectors, lostBelow);
        rebuildSettled = new java.util.concurrent.CountDownLatch(1);
        try {
            writeAll(0);
        } catch (OrionException e) {
            // No member is left to record the rebuild in (the array is gone): it is not started. Thrown
            // on, this killed the conductor's task and left stop() waiting for a rebuild that never ran.
            LOG.error("{}: the rebuild of slot {} onto {} cannot be recorded: {}", plan.name(), slot,
                    target.info().name(), e.getMessage());
            forgetRebuild();
            rebuildSettled.countDown();
            eventSink.publish(new DriverEvent.SpareNotUsed(clock.nanoTime(), plan.name(), target.info().name(),
                    "no member accepted the superblock update that would record its rebuild of slot " + slot));
            return false;
        }
        LOG.info("{}: {} of slot {} onto {} started", plan.name(), replace ? "replace" : "recovery", slot,
                target.info().name());
        device.beginRecovery(slot, target, sb.dataOffsetSectors() * 512, stripeOfSectors(fromSectors), lostBelow,
                rebuildListener(null));
        return true;
    }

    /** Conductor thread: spare {@code spareIndex} becomes the rebuild target of {@code slot}; returns its superblock. */
    private Superblock1 takeSpare(int slot, int spareIndex, boolean replace, long fromSectors, List<long[]> lostBelow) {
        BlockDevice target = spares.remove(spareIndex);
        Superblock1 sb = spareSuperblocksList().remove(spareIndex);
        int feature = replace ? FeatureMap.REPLACEMENT : 0;
        // A rebuild from the start rewrites every block: whatever its log held from an earlier life is void.
        int kept = fromSectors == 0 ? ~FeatureMap.BAD_BLOCKS : ~0;
        sb = sb.withFeatureMap((sb.featureMap() | feature) & kept).withRecoveryOffset(fromSectors);
        badBlocks.rebuildStarted(lostBelow);
        roles = roles.with(sb.devNumber(), slot);
        rebuildDevice = target;
        rebuildSuperblock = sb;
        rebuildSlot = slot;
        rebuildIsReplace = replace;
        rebuildingStatus = new org.orion.driver.api.array.MemberStatus(slot, target.info().name(),
                replace ? "replacing" : "rebuilding");
        lastCheckpointNanos = clock.nanoTime();
        return sb;
    }

    /**
     * Progress becomes recovery_offset checkpoints, the end a slot change, both on the conductor;
     * {@code ended} (if not null) is counted down once that end is queued there.
     */
    private SyncListener rebuildListener(java.util.concurrent.CountDownLatch ended) {
        return new SyncListener() {
            public void onProgress(SyncKind k, long checkpointStripe, long totalStripes) {
                long sectors = sectorsOfStripe(checkpointStripe);
                List<long[]> lost = device.rebuildLostRanges();
                conductor.execute(() -> checkpoint(sectors, lost));
            }

            public void onFinished(SyncKind k, boolean completed, SyncResult result) {
                array.recordSync(k, result);
                conductor.execute(() -> rebuildFinished(completed, result.lostRanges()));
                if (ended != null) {
                    ended.countDown();
                }
            }
        };
    }

    /** Conductor thread: a member half rebuilt before the last stop continues from its recovery_offset. */
    private void resumeRebuild(AssemblyPlan.Recovering r) {
        spares.add(r.slot().device());
        spareSuperblocksList().add(r.slot().superblock());
        boolean replace = r.slot().superblock().hasFeature(FeatureMap.REPLACEMENT);
        long from = r.slot().superblock().recoveryOffsetSectors();
        // What the earlier run could not rebuild below where this one starts stays lost (its log says so).
        List<long[]> lostBelow = MemberBadBlocks.lostBelow(r.slot(), sectorsOfStripe(stripeOfSectors(from)) * 512);
        LOG.info("{}: resuming the rebuild of slot {} onto {} at sector {} ({} range(s) below it lost before)",
                plan.name(), r.slotNumber(), r.slot().device().info().name(), from, lostBelow.size());
        startRebuild(r.slotNumber(), spares.size() - 1, replace, from, lostBelow);
    }

    /**
     * Conductor thread: md's recovery_offset on the rebuilding member, so a restart resumes there.
     * Like md (which updates it every sixteenth of the device or five minutes, not per request), at
     * most once per {@link #CHECKPOINT_INTERVAL_NANOS}: each one flushes the new member, so that the
     * offset never claims data a power loss could still take back (md's PREFLUSH before the
     * superblock), and that flush is what costs. A crash loses at most that much rebuild work.
     * Ranges it could not rebuild below the checkpoint go into the target's bad-block log first
     * ({@link MemberBadBlocks#checkpoint}).
     */
    private void checkpoint(long sectors, List<long[]> lost) {
        long now = clock.nanoTime();
        if (rebuildDevice == null || sectors <= 0 || now - lastCheckpointNanos < CHECKPOINT_INTERVAL_NANOS) {
            return;
        }
        lastCheckpointNanos = now;
        org.orion.driver.api.io.IoStatus flushed = SyncIo.flush(rebuildDevice);
        if (flushed != org.orion.driver.api.io.IoStatus.OK) {
            LOG.warn("{}: flushing {} before a rebuild checkpoint failed with {}: checkpoint skipped", plan.name(),
                    rebuildDevice.info().name(), flushed);
            return;
        }
        rebuildSuperblock = badBlocks.checkpoint(rebuildDevice, rebuildSuperblock, sectors, lost);
        write(rebuildDevice, rebuildSuperblock);
    }

    /** Conductor thread: no rebuild is running or recorded any more. */
    private void forgetRebuild() {
        rebuildDevice = null;
        rebuildSuperblock = null;
        rebuildSlot = -1;
        rebuildingStatus = null;
    }

    /**
     * Conductor thread: the new member takes the slot (or the rebuild is forgotten). {@code lost}
     * are the ranges of its data area the rebuild could not reconstruct.
     */
    private void rebuildFinished(boolean completed, List<long[]> lost) {
        if (rebuildDevice == null) {
            return;
        }
        int slot = rebuildSlot;
        boolean failNewMember = false;
        if (completed) {
            Superblock1 old = slotSuperblocks[slot];
            if (rebuildIsReplace && old != null) {
                replacedDevNumbers.add(old.devNumber());
            }
            // The superblocks below call the new member in sync: its rebuilt data must be durable
            // first (md's PREFLUSH before the superblock). Without this flush a power loss after the
            // rebuild took back blocks still in the member's volatile cache, and the next assembly
            // trusted the slot and read them (a stale read: seed 1771).
            org.orion.driver.api.io.IoStatus flushed = SyncIo.flush(rebuildDevice);
            Superblock1 inSync = rebuildSuperblock.withRecoveryComplete().withFeatureMap(
                    rebuildSuperblock.featureMap() & ~FeatureMap.REPLACEMENT & ~FeatureMap.RECOVERY_OFFSET);
            // Ranges it could not rebuild go into its bad-block log (FUA) before the superblocks below
            // call it in sync, as md does, so the next assembly knows them. Trusted without them, it
            // served their stale content after a power loss (campaign seed 1969).
            Superblock1 recorded = flushed == org.orion.driver.api.io.IoStatus.OK
                    ? badBlocks.inSync(rebuildDevice, inSync, lost) : null;
            if (recorded != null) {
                slotSuperblocks[slot] = recorded;
                LOG.info("{}: {} is in sync in slot {}{}", plan.name(), rebuildDevice.info().name(), slot,
                        lost.isEmpty() ? "" : " with " + lost.size() + " bad range(s) it could not rebuild");
            } else if (flushed == org.orion.driver.api.io.IoStatus.OK) {
                // No log can hold them (no log area, too many ranges): it is recorded as recovering
                // from the start instead, so a restart rebuilds it again.
                slotSuperblocks[slot] = rebuildSuperblock.withRecoveryOffset(0).withFeatureMap(rebuildSuperblock
                        .featureMap() & ~FeatureMap.REPLACEMENT & ~FeatureMap.BAD_BLOCKS | FeatureMap.RECOVERY_OFFSET);
                LOG.warn("{}: {} serves slot {} with {} range(s) it could not rebuild and no bad-block log to record"
                        + " them in; its superblock keeps it recovering", plan.name(), rebuildDevice.info().name(), slot,
                        lost.size());
            } else {
                // Its last durable checkpoint stays its recovery_offset, and the member is failed:
                // a member that cannot make its data durable must not be trusted as in sync.
                slotSuperblocks[slot] = rebuildSuperblock.withFeatureMap(rebuildSuperblock.featureMap() & ~FeatureMap.REPLACEMENT);
                LOG.warn("{}: flushing {} at the end of its rebuild failed with {}: it is failed instead of in sync",
                        plan.name(), rebuildDevice.info().name(), flushed);
                failNewMember = true;
            }
        } else if (stopped) {
            // A clean stop mid-rebuild: keep the slot role and the checkpoint so the next start resumes
            // (stop() flushes the target before writing it; the ranges lost below it go to its log now).
            long sectors = sectorsOfStripe(device.engine().syncProgressStripes());
            rebuildSuperblock = badBlocks.checkpoint(rebuildDevice, rebuildSuperblock, sectors, lost);
            rebuildSettled.countDown();
            return;
        } else {
            // The new member failed: md marks it faulty and the slot stays empty.
            roles = roles.with(rebuildSuperblock.devNumber(), DevRoles.FAULTY);
        }
        forgetRebuild();
        try {
            writeAll(0);
        } catch (RuntimeException e) {
            // Every member gone (a rebuild that ends after the array failed): log it like a failure
            // that cannot be recorded, and still settle; thrown, it killed the conductor's task
            // before anyone waiting for the rebuild's end was released.
            LOG.error("{}: could not record the end of the rebuild of slot {} in the superblocks", plan.name(), slot, e);
        }
        rebuildSettled.countDown();
        if (failNewMember) {
            // The ring thread marks it faulty; its failure is then recorded like any other.
            device.failMember(slot);
            return;
        }
        int nextEmpty = firstEmptySlot();
        if (autoSpare && nextEmpty >= 0 && !stopped) {
            // Another slot lost its member while this rebuild ran (or this rebuild's target failed):
            // md starts the next recovery as soon as one ends.
            activateSpare(nextEmpty, 0);
            if (rebuildDevice != null) {
                return;
            }
        }
        armStandby();
        if (completed && resyncPending && !stopped) {
            // A rebuild preempted the resync (md runs recovery first): finish the resync now.
            startSync(SyncKind.RESYNC, 0);
        }
    }

    /** A superblock for a device joining the array, with the next free device number. */
    private Superblock1 newMemberSuperblock(BlockDevice newDevice, int role) {
        Superblock1 base = currentSuperblock();
        long capacitySectors = newDevice.info().capacitySectors();
        long dataOffset = base.dataOffsetSectors();
        if (capacitySectors - dataOffset < base.sizeSectors()) {
            throw new OrionException(ErrorCode.SIZE, newDevice.info().name() + " has " + capacitySectors * 512
                    + " bytes, less than the " + (dataOffset + base.sizeSectors()) * 512
                    + " bytes a member of " + plan.name() + " needs: use a larger device");
        }
        int devNumber = 0;
        for (int d = 0; d < roles.size(); d++) {
            if (roles.roleOf(d) != DevRoles.SPARE || usedDevNumber(d)) {
                devNumber = d + 1;
            }
        }
        if (devNumber >= roles.size()) {
            throw new OrionException(ErrorCode.UNSUPPORTED, plan.name() + ": no free device number left in its role table");
        }
        return base.toBuilder().devNumber(devNumber).deviceUuid(org.orion.raid.md.MdUuid.random(new java.security.SecureRandom()))
                .dataSizeSectors(capacitySectors - dataOffset)
                .featureMap(base.featureMap() & ~FeatureMap.RECOVERY_OFFSET & ~FeatureMap.BAD_BLOCKS)
                .recoveryOffsetSectors(0).buildWithChecksum();
    }

    private boolean usedDevNumber(int devNumber) {
        var states = device.memberStates();
        for (int i = 0; i < slotSuperblocks.length; i++) {
            Superblock1 sb = slotSuperblocks[i];
            if (sb != null && states[i].isUsable() && sb.devNumber() == devNumber) {
                return true;
            }
        }
        for (Superblock1 sb : spareSuperblocksList()) {
            if (sb.devNumber() == devNumber) {
                return true;
            }
        }
        return false;
    }

    private int firstEmptySlot() {
        var states = device.memberStates();
        for (int i = 0; i < states.length; i++) {
            if (!states[i].isUsable()) {
                return i;
            }
        }
        return -1;
    }

    private void requireWritable() {
        if (readOnly) {
            throw new OrionException(ErrorCode.USAGE, plan.name() + " is assembled read-only: members cannot change");
        }
    }

    /** Conductor thread: events+1, utime now, the given resync_offset, on every usable member and spare. */
    private void writeAll(long resyncOffsetSectors) {
        events++;
        MdTime now = MdTime.ofSeconds(System.currentTimeMillis() / 1000);
        MemberState[] states = device.memberStates();
        roles = currentRoles(states);
        int written = 0;
        for (int i = 0; i < slotSuperblocks.length; i++) {
            Superblock1 sb = slotSuperblocks[i];
            if (sb == null || !states[i].isUsable()) {
                continue;
            }
            slotSuperblocks[i] = sb.withDevRoles(roles).withEvents(events).withUtime(now)
                    .withResyncOffset(resyncOffsetSectors);
            if (write(device.members().get(i).device(), slotSuperblocks[i])) {
                written++;
            }
        }
        for (int i = 0; i < spareSuperblocks.size(); i++) {
            spareSuperblocks.set(i, spareSuperblocks.get(i).withDevRoles(roles).withEvents(events).withUtime(now)
                    .withResyncOffset(resyncOffsetSectors));
            write(spares.get(i), spareSuperblocks.get(i));
        }
        if (rebuildDevice != null) {
            rebuildSuperblock = rebuildSuperblock.withDevRoles(roles).withEvents(events).withUtime(now)
                    .withResyncOffset(resyncOffsetSectors);
            write(rebuildDevice, rebuildSuperblock);
        }
        if (written == 0) {
            throw new OrionException(ErrorCode.IO, plan.name() + ": no member accepted a superblock update");
        }
    }

    /**
     * The role table as md's super_1_sync writes it: every entry spare (0xffff), then each attached
     * member's slot (or faulty, 0xfffe, when it failed but is still attached), the rebuild target's
     * slot, and faulty for a member a replace pushed out. A member absent since assembly thus shows
     * as missing ('.' in the Array State) instead of keeping its old slot.
     */
    private DevRoles currentRoles(MemberState[] states) {
        DevRoles table = DevRoles.allSpare(roles.size());
        for (int devNumber : replacedDevNumbers) {
            table = table.with(devNumber, DevRoles.FAULTY);
        }
        List<org.orion.raid.array.Member> members = device.members();
        for (int i = 0; i < slotSuperblocks.length; i++) {
            Superblock1 sb = slotSuperblocks[i];
            if (sb == null || !members.get(i).isPresent()) {
                continue;
            }
            table = table.with(sb.devNumber(), states[i].isUsable() ? i : DevRoles.FAULTY);
        }
        if (rebuildDevice != null) {
            table = table.with(rebuildSuperblock.devNumber(), rebuildSlot);
        }
        return table;
    }

    private boolean write(BlockDevice member, Superblock1 sb) {
        try {
            SuperblockLocator.write(member, sb);
            return true;
        } catch (OrionException e) {
            LOG.warn("{}: superblock write to {} failed: {}", plan.name(), member.info().name(), e.getMessage());
            return false;
        }
    }

    private void call(Runnable task) {
        try {
            conductor.submit(task).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OrionException oe) {
                throw oe;
            }
            throw new OrionException(ErrorCode.IO, plan.name() + ": superblock update failed: " + cause, cause);
        } catch (Exception e) {
            throw new OrionException(ErrorCode.IO, plan.name() + ": superblock update did not finish: " + e, e);
        }
    }

    /**
     * resync_offset counts member sectors for the levels whose stripes advance linearly on every
     * member (RAID1 and RAID4/5/6). For the others a cut-short resync restarts from zero, which is
     * always safe.
     */
    private long sectorsOfStripe(long stripe) {
        var layout = plan.layout();
        boolean linear = layout.parityBlocks() > 0 || layout.maxCopies() == layout.members();
        return linear ? stripe * (layout.chunkBytes() / 512) : 0;
    }

    private long stripeOfSectors(long sectors) {
        var layout = plan.layout();
        boolean linear = layout.parityBlocks() > 0 || layout.maxCopies() == layout.members();
        return linear ? sectors / (layout.chunkBytes() / 512) : 0;
    }
}
