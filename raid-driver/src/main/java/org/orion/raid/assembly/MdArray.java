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
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;
import org.orion.raid.RaidArray;
import org.orion.raid.RaidBlockDevice;
import org.orion.raid.RaidOptions;
import org.orion.raid.array.Member;
import org.orion.raid.array.MemberState;
import org.orion.raid.md.DevRoles;
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
    private final List<BlockDevice> spares = new ArrayList<>();
    private final Superblock1[] slotSuperblocks;
    private final Superblock1[] spareSuperblocks;
    private DevRoles roles;
    private long events;
    private volatile boolean resyncPending;
    private volatile CompletableFuture<SyncResult> syncDone = new CompletableFuture<>();
    private boolean stopped;

    private MdArray(AssemblyPlan plan, boolean readOnly, RaidOptions options, EventSink events, NanoClock clock) {
        this.plan = plan;
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
        this.spareSuperblocks = new Superblock1[plan.spares().size()];
        for (int i = 0; i < spareSuperblocks.length; i++) {
            spareSuperblocks[i] = plan.spares().get(i).superblock();
            spares.add(plan.spares().get(i).device());
        }
        this.conductor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "orion-md-" + plan.name());
            t.setDaemon(true);
            return t;
        });
        this.device = new RaidBlockDevice(plan.name(), plan.layout(), members, options, events, clock);
        this.array = new RaidArray(device);
        array.notes(plan.notes());
        if (!readOnly) {
            device.failureListener(this::memberFaulty);
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
            md.resyncPending = plan.dirty() && plan.missingCount() == 0;
            md.call(() -> md.writeAll(0));
            if (md.resyncPending) {
                long fromStripe = md.stripeOfSectors(plan.resyncFromSectors());
                LOG.info("{}: was not stopped cleanly: resync from stripe {}", plan.name(), fromStripe);
                md.startSync(SyncKind.RESYNC, fromStripe);
            }
        }
        return md;
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
    public synchronized Superblock1 currentSuperblock() {
        var states = device.memberStates();
        for (int i = 0; i < slotSuperblocks.length; i++) {
            if (slotSuperblocks[i] != null && states[i].isUsable()) {
                return slotSuperblocks[i];
            }
        }
        return plan.freshest();
    }

    /** Superblocks per slot (null where missing), as last written. */
    public synchronized Superblock1[] slotSuperblocks() {
        return slotSuperblocks.clone();
    }

    /** The spares' devices. */
    public List<BlockDevice> spareDevices() {
        return List.copyOf(spares);
    }

    public synchronized Superblock1[] spareSuperblocks() {
        return spareSuperblocks.clone();
    }

    /** True while a resync this array needs has not finished. */
    public boolean resyncPending() {
        return resyncPending;
    }

    /** Starts a background pass; the returned future completes with its result. */
    public CompletableFuture<SyncResult> startSync(SyncKind kind, long fromStripe) {
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        syncDone = done;
        device.startSync(kind, fromStripe, new SyncListener() {
            public void onProgress(SyncKind k, long checkpointStripe, long totalStripes) {
            }

            public void onFinished(SyncKind k, boolean completed, SyncResult result) {
                if (k == SyncKind.RESYNC && completed) {
                    resyncPending = false;
                }
                array.recordSync(k, result);
                done.complete(result);
            }
        });
        return done;
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
        long checkpointStripe = -1;
        if (device.engine().runningSync() != null) {
            device.stopSync();
            try {
                syncDone.get(30, TimeUnit.SECONDS);
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
            call(() -> writeAll(resync));
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

    /** Ring thread: record the failure on the survivors, then release held acknowledgements. */
    private boolean memberFaulty(int slot) {
        conductor.execute(() -> {
            try {
                Superblock1 failed = slotSuperblocks[slot];
                if (failed != null) {
                    roles = roles.with(failed.devNumber(), DevRoles.FAULTY);
                }
                writeAll(0);
            } catch (RuntimeException e) {
                LOG.error("{}: could not record the failure of slot {} in the superblocks", plan.name(), slot, e);
            } finally {
                device.metadataSynced();
            }
        });
        return true;
    }

    /** Conductor thread: events+1, utime now, the given resync_offset, on every usable member and spare. */
    private void writeAll(long resyncOffsetSectors) {
        events++;
        MdTime now = MdTime.ofSeconds(System.currentTimeMillis() / 1000);
        MemberState[] states = device.memberStates();
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
        for (int i = 0; i < spareSuperblocks.length; i++) {
            spareSuperblocks[i] = spareSuperblocks[i].withDevRoles(roles).withEvents(events).withUtime(now)
                    .withResyncOffset(resyncOffsetSectors);
            write(spares.get(i), spareSuperblocks[i]);
        }
        if (written == 0) {
            throw new OrionException(ErrorCode.IO, plan.name() + ": no member accepted a superblock update");
        }
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
