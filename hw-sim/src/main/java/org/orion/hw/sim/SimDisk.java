package org.orion.hw.sim;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.StampedLock;
import java.util.function.LongPredicate;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.driver.api.hw.Transport;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.sim.media.Media;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated disk on a {@link SimController}: content on a {@link Media}, an optional volatile write
 * cache, the controller's latency and queue depth, and SMART-like health counters.
 *
 * <h2>How a request runs</h2>
 * <ul>
 *   <li>With {@link LatencyModel#ZERO} it runs inside {@code submit} on the caller's thread and
 *       completes before {@code submit} returns: no thread hop and no allocation.</li>
 *   <li>Otherwise it is accepted into one of {@code queueDepth} pre-allocated command slots and runs
 *       (data is moved, then the completion is called) when the controller's
 *       {@link CompletionScheduler} reaches {@code acceptedAt + serviceNanos}. One more request than
 *       the queue depth is refused with {@link IoStatus#BUSY}.</li>
 * </ul>
 *
 * <h2>Power</h2>
 * {@link #powerLoss()} is a power cut and restore: requests still queued are aborted, writes not yet
 * durable are undone (see {@link UndoLogWriteCache}), and the disk comes back showing only durable
 * content. {@link #pull()} is a surprise removal: the same, then every request is refused with
 * {@link IoStatus#NO_DEVICE} until {@link #reinsert()}.
 *
 * <p>Threads: {@code submit} from any number of threads. A read-mostly {@link StampedLock} lets data
 * operations run in parallel while power loss, pull and close wait for running operations and fence
 * out new ones.
 */
public final class SimDisk implements PhysicalDisk {
    private static final Logger LOG = LoggerFactory.getLogger(SimDisk.class);
    private static final long NANOS_PER_HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final LongPredicate NOTHING_SURVIVES = physicalBlock -> false;

    private final SimController controller;
    private final SimDiskSpec spec;
    private final BlockDeviceInfo info;
    private final DiskIdentity identity;
    private final Media media;
    private final UndoLogWriteCache cache;
    private final HealthCounters health = new HealthCounters();
    private final LatencyModel latency;
    private final CompletionScheduler scheduler;
    private final int queueDepth;
    private final long createdNanos;
    private final StampedLock gate = new StampedLock();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Command[] freeCommands;
    private int freeCount;
    private volatile boolean closed;
    private volatile boolean online = true;
    private volatile boolean mediaErrorLogged;
    /** Bumped by every power loss, so a command accepted before it cannot run after it. */
    private volatile long powerEpoch;

    SimDisk(SimController controller, SimDiskSpec spec, Media media, int queueDepth) {
        this.controller = controller;
        this.spec = spec;
        this.media = media;
        this.queueDepth = queueDepth;
        SimPersonality personality = controller.personality();
        this.info = new BlockDeviceInfo(controller.name() + "/" + spec.name(), spec.logicalBlockBytes(),
                spec.physicalBlockBytes(), spec.capacityBytes(), personality.maxTransferBytes(), spec.volatileCache(),
                true, true);
        this.identity = personality.diskIdentity(controller.name(), spec.name());
        this.cache = spec.volatileCache() ? new UndoLogWriteCache(media, spec.logicalBlockBytes(),
                spec.physicalBlockBytes(), UndoLogWriteCache.DEFAULT_MAX_DIRTY_BYTES) : null;
        this.latency = controller.latency();
        this.scheduler = controller.scheduler();
        this.createdNanos = controller.clock().nanoTime();
        if (latency.isZero()) {
            this.freeCommands = null;
        } else {
            this.freeCommands = new Command[queueDepth];
            for (int i = 0; i < queueDepth; i++) {
                freeCommands[i] = new Command(this);
            }
            this.freeCount = queueDepth;
        }
    }

    /** {@code controller/disk}, the same as {@code info().name()}. */
    public String name() {
        return info.name();
    }

    public SimDiskSpec spec() {
        return spec;
    }

    public SimController controller() {
        return controller;
    }

    /** The counters behind {@link #health()}; fault injectors report what they inject here. */
    public HealthCounters healthCounters() {
        return health;
    }

    /** True until the disk is pulled or closed. */
    public boolean isOnline() {
        return online && !closed;
    }

    /** Bytes written since the last flush that a power loss would undo (0 without a volatile cache). */
    public long unflushedBytes() {
        return cache == null ? 0 : cache.dirtyBytes();
    }

    @Override
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public Transport transport() {
        return controller.transport();
    }

    @Override
    public DiskIdentity identity() {
        return identity;
    }

    @Override
    public HealthSnapshot health() {
        long now = controller.clock().nanoTime();
        int temperatureCelsius = transport() == Transport.NVME ? 41 : 34;
        int percentageUsed = transport() == Transport.NVME ? 0 : -1;
        return health.snapshot(now, temperatureCelsius, Math.max(0, now - createdNanos) / NANOS_PER_HOUR, percentageUsed);
    }

    @Override
    public IoStatus submit(IoRequest request) {
        IoStatus status;
        long stamp = gate.readLock();
        try {
            if (!online || closed) {
                return IoStatus.NO_DEVICE;
            }
            IoStatus check = RequestChecks.check(info, request);
            if (check != IoStatus.OK) {
                return check;
            }
            if (inFlight.incrementAndGet() > queueDepth) {
                inFlight.decrementAndGet();
                return IoStatus.BUSY;
            }
            if (freeCommands != null) {
                Command command = takeCommand();
                command.request = request;
                command.epoch = powerEpoch;
                long serviceNanos = latency.serviceNanos(request.op(), request.lengthBytes());
                scheduler.schedule(command, controller.clock().nanoTime() + serviceNanos);
                return IoStatus.OK;
            }
            status = execute(request);
        } finally {
            gate.unlockRead(stamp);
        }
        // Completed outside the lock: the completion may submit again, and a waiting writer of the
        // lock would otherwise deadlock with it.
        try {
            request.complete(status);
        } finally {
            finishOne();
        }
        return IoStatus.OK;
    }

    /** Moves the data of one request; media failures become statuses, never exceptions. */
    private IoStatus execute(IoRequest request) {
        try {
            long offsetBytes = request.offsetBytes();
            int lengthBytes = request.lengthBytes();
            IoOp op = request.op();
            switch (op) {
                case READ:
                    media.read(offsetBytes, request.buffer(), request.bufferOffset(), lengthBytes);
                    break;
                case WRITE:
                    beforeChange(request);
                    media.write(offsetBytes, request.buffer(), request.bufferOffset(), lengthBytes);
                    afterChange(request);
                    break;
                case FLUSH:
                    if (cache != null) {
                        cache.flush();
                    }
                    media.sync();
                    break;
                case DISCARD:
                case WRITE_ZEROES:
                    beforeChange(request);
                    boolean keepAllocated = op == IoOp.WRITE_ZEROES && (request.flags() & IoRequest.FLAG_NO_HOLE) != 0;
                    media.zero(offsetBytes, lengthBytes, keepAllocated);
                    afterChange(request);
                    break;
                default:
                    return IoStatus.INVALID;
            }
            return IoStatus.OK;
        } catch (IOException e) {
            health.recordMediaError(true);
            if (!mediaErrorLogged) {
                mediaErrorLogged = true;
                LOG.warn("{}: {} failed on the backing medium ({}); further errors are only counted", name(),
                        request, e.toString());
            }
            return IoStatus.MEDIA_ERROR;
        } catch (RuntimeException e) {
            LOG.error("{}: {} failed with a bug", name(), request, e);
            return IoStatus.INTERNAL;
        }
    }

    private void beforeChange(IoRequest request) throws IOException {
        if (cache != null && !request.isFua()) {
            cache.beforeWrite(request.offsetBytes(), request.lengthBytes());
        }
    }

    private void afterChange(IoRequest request) throws IOException {
        if (request.isFua()) {
            if (cache != null) {
                cache.markDurable(request.offsetBytes(), request.lengthBytes());
            }
            media.sync();
        }
    }

    /** A queued command's time has come (scheduler thread, or the thread moving a manual clock). */
    private void runCommand(Command command) {
        IoRequest request = command.request;
        IoStatus status;
        long stamp = gate.readLock();
        try {
            status = command.epoch != powerEpoch || closed || !online ? staleStatus() : execute(request);
        } finally {
            gate.unlockRead(stamp);
        }
        releaseCommand(command);
        try {
            request.complete(status);
        } finally {
            finishOne();
        }
    }

    private void cancelCommand(Command command) {
        IoRequest request = command.request;
        releaseCommand(command);
        try {
            request.complete(staleStatus());
        } finally {
            finishOne();
        }
    }

    /** Why a request accepted before a power loss, pull or close did not run. */
    private IoStatus staleStatus() {
        return !closed && !online ? IoStatus.NO_DEVICE : IoStatus.ABORTED;
    }

    private Command takeCommand() {
        synchronized (freeCommands) {
            // inFlight <= queueDepth guarantees a free slot.
            Command command = freeCommands[--freeCount];
            freeCommands[freeCount] = null;
            return command;
        }
    }

    private void releaseCommand(Command command) {
        command.request = null;
        synchronized (freeCommands) {
            freeCommands[freeCount++] = command;
        }
    }

    private void finishOne() {
        if (inFlight.decrementAndGet() == 0 && closed) {
            synchronized (inFlight) {
                inFlight.notifyAll();
            }
        }
    }

    /** Power cut and restore: queued requests abort, writes that were not durable are undone. */
    public void powerLoss() {
        powerLoss(NOTHING_SURVIVES);
    }

    /**
     * Power cut and restore with torn writes: for each physical block (index =
     * {@code offsetBytes / physicalBlockBytes}) holding non-durable writes, {@code keepsNewContent}
     * says whether the new content had already reached the medium (true) or is lost (false).
     */
    public void powerLoss(LongPredicate keepsNewContent) {
        long restored = cutPower(keepsNewContent, true);
        cancelQueued();
        LOG.info("{}: power lost; {} unflushed block(s) reverted to durable content", name(), restored);
    }

    /** Surprise removal: power is lost (as {@link #powerLoss()}) and every request is refused until {@link #reinsert()}. */
    public void pull() {
        long restored = cutPower(NOTHING_SURVIVES, false);
        cancelQueued();
        LOG.info("{}: pulled; {} unflushed block(s) lost", name(), restored);
    }

    /** Puts a pulled disk back; it shows its durable content. */
    public void reinsert() {
        if (closed) {
            throw new OrionException(ErrorCode.CONFLICT, name() + " is closed and cannot be reinserted: create a new"
                    + " controller with the same disk");
        }
        online = true;
        LOG.info("{}: reinserted", name());
    }

    private long cutPower(LongPredicate keepsNewContent, boolean stayOnline) {
        long stamp = gate.writeLock();
        try {
            powerEpoch++;
            online = stayOnline && online;
            return cache == null || closed ? 0 : cache.powerLoss(keepsNewContent);
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, name() + ": could not restore durable content after power loss: "
                    + e.getMessage() + ": the backing medium is failing", e);
        } finally {
            gate.unlockWrite(stamp);
        }
    }

    private void cancelQueued() {
        if (freeCommands != null) {
            scheduler.cancelIf(task -> task instanceof Command && ((Command) task).disk == this);
        }
    }

    /**
     * Refuses new requests, aborts queued ones, waits for running ones, and releases the medium
     * (a backing file keeps its content; heap content is gone). Does not flush. Idempotent.
     */
    @Override
    public void close() {
        long stamp = gate.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            gate.unlockWrite(stamp);
        }
        cancelQueued();
        awaitIdle();
        try {
            media.close();
        } catch (IOException e) {
            LOG.warn("{}: closing the backing medium failed: {}", name(), e.toString());
        }
    }

    /**
     * Waits for running requests' completions. A close from inside a completion would wait for
     * itself, so it gives up, loudly, after a while.
     */
    private void awaitIdle() {
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    LOG.warn("{}: closed with {} request(s) still completing (was close called from a completion?)",
                            name(), inFlight.get());
                    return;
                }
                try {
                    inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SimDisk[" + name() + ", " + spec.capacityBytes() + " bytes, " + transport().configName()
                + (spec.isHeap() ? ", heap" : ", file " + spec.backingFile()) + (online ? "" : ", pulled") + "]";
    }

    /** One pre-allocated queue slot: the request it carries and the power epoch it was accepted in. */
    private static final class Command implements CompletionScheduler.Task {
        final SimDisk disk;
        IoRequest request;
        long epoch;

        Command(SimDisk disk) {
            this.disk = disk;
        }

        @Override
        public void runDue() {
            disk.runCommand(this);
        }

        @Override
        public void cancelled() {
            disk.cancelCommand(this);
        }

        @Override
        public String toString() {
            return disk.name() + " " + request;
        }
    }
}
