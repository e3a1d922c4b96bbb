package org.orion.hw.sim.fault;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.CompletionScheduler;
import org.orion.hw.sim.HealthCounters;
import org.orion.hw.sim.SimDisk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a device and injects the faults of a seeded {@link FaultPlan}: fail-stop, latent sector
 * errors, bit flips on read, lost and misdirected writes, slow I/O, timeouts, and torn writes at
 * power loss. With {@link FaultPlan#none()} it passes every request straight through.
 *
 * <h2>Where it reports and waits</h2>
 * If the wrapped device is (or wraps) a {@link SimDisk}, the faults show in that disk's
 * {@link SimDisk#health()}, delays use its controller's timer (so a {@link org.orion.hw.sim.ManualClock}
 * drives them), and {@link #powerLoss()} reaches its volatile cache. Any other device gets its own
 * {@link HealthCounters} and a system-clock timer, unless both are given to the four-argument
 * constructor.
 *
 * <h2>Replay</h2>
 * Requests are numbered in the order they are accepted; every decision is a function of the seed,
 * the fault's position in the plan and the request's number (see {@link Trigger}), so the same plan
 * and I/O sequence inject the same faults. {@link #injections()} lists what struck.
 *
 * <p>Threads: {@code submit} from any thread. Completions run on the wrapped device's completion
 * thread, or on the timer's when delayed. Requests that meet no fault allocate nothing; each
 * injected fault records one {@link Injection}.
 */
public final class FaultyBlockDevice extends FilterBlockDevice {
    private static final Logger LOG = LoggerFactory.getLogger(FaultyBlockDevice.class);
    private static final int MAX_INJECTIONS_KEPT = 10_000;
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final FaultPlan plan;
    private final Fault[] faults;
    private final TriggerState triggers;
    private final SimDisk simDisk;
    private final HealthCounters health;
    private final CompletionScheduler scheduler;
    private final boolean ownsScheduler;
    private final NanoClock clock;
    private final BlockDeviceInfo info;
    private final int tornFault;
    private final BadSectorSet badSectors = new BadSectorSet();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong powerLosses = new AtomicLong();
    private final AtomicInteger submitting = new AtomicInteger();
    /** Accepted requests whose completion has not finished yet (only counted when the plan has faults). */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final InjectionLog injections = new InjectionLog(MAX_INJECTIONS_KEPT);
    private FaultyRequest free;
    private volatile boolean closed;
    private volatile boolean failed;

    /** Wraps {@code inner}, reporting to and timing with the {@link SimDisk} under it if there is one. */
    public FaultyBlockDevice(BlockDevice inner, FaultPlan plan) {
        this(inner, plan, null, null);
    }

    /**
     * Wraps {@code inner} with an explicit timer and health sink ({@code null} for either picks the
     * default: the SimDisk's, or a new one).
     */
    public FaultyBlockDevice(BlockDevice inner, FaultPlan plan, CompletionScheduler scheduler, HealthCounters health) {
        super(inner);
        this.plan = Objects.requireNonNull(plan, "plan (use FaultPlan.none() for no faults)");
        this.faults = plan.faults().toArray(new Fault[0]);
        this.triggers = new TriggerState(plan.seed(), faults.length);
        this.info = inner.info();
        this.simDisk = findSimDisk(inner);
        this.health = health != null ? health : simDisk != null ? simDisk.healthCounters() : new HealthCounters();
        if (scheduler != null) {
            this.scheduler = scheduler;
            this.ownsScheduler = false;
        } else if (simDisk != null) {
            this.scheduler = simDisk.controller().scheduler();
            this.ownsScheduler = false;
        } else {
            this.scheduler = CompletionScheduler.create("faulty-" + info.name(), NanoClock.system());
            this.ownsScheduler = true;
        }
        this.clock = this.scheduler.clock();
        this.tornFault = indexOfTornFault();
        plan.checkFits(info);
        if (!plan.isEmpty()) {
            LOG.info("{}: injecting {}", info.name(), plan);
        }
    }

    private static SimDisk findSimDisk(BlockDevice device) {
        BlockDevice d = device;
        while (d instanceof FilterBlockDevice) {
            d = ((FilterBlockDevice) d).delegate();
        }
        return d instanceof SimDisk ? (SimDisk) d : null;
    }

    private int indexOfTornFault() {
        for (int i = 0; i < faults.length; i++) {
            if (faults[i] instanceof Fault.TornWriteAtPowerLoss) {
                return i;
            }
        }
        return -1;
    }

    public FaultPlan plan() {
        return plan;
    }

    /** Where this device reports injected faults. */
    public HealthCounters healthCounters() {
        return health;
    }

    /** True once a fail-stop fault struck. */
    public boolean isFailed() {
        return failed;
    }

    /** Requests numbered so far (the next request gets this number). */
    public long operations() {
        return operations.get();
    }

    /** Sectors that currently fail to read. */
    public long badSectorCount() {
        return badSectors.count();
    }

    /** The faults that struck, oldest first (the most recent {@value #MAX_INJECTIONS_KEPT} are kept). */
    public List<Injection> injections() {
        return injections.recent();
    }

    /** How many faults struck in total, including those no longer kept by {@link #injections()}. */
    public long injectionCount() {
        return injections.total();
    }

    @Override
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        submitting.incrementAndGet();
        try {
            if (closed || failed) {
                return IoStatus.NO_DEVICE;
            }
            if (faults.length == 0) {
                return delegate.submit(request);
            }
            IoStatus check = RequestChecks.check(info, request);
            if (check != IoStatus.OK) {
                return check;
            }
            return inject(request);
        } finally {
            submitting.decrementAndGet();
        }
    }

    private IoStatus inject(IoRequest outer) {
        long operation = operations.getAndIncrement();
        long now = clock.nanoTime();
        if (strikeDeviceFaults(operation, now)) {
            return IoStatus.NO_DEVICE;
        }
        FaultyRequest r = take();
        r.begin(outer, operation);
        inFlight.incrementAndGet();
        decideRequestFaults(r, now);
        if (r.timeoutNanos >= 0) {
            record(operation, now, r.timeoutFault, outer.offsetBytes(), r.timeoutNanos);
            r.status = IoStatus.TIMEOUT;
            scheduler.schedule(r, now + r.timeoutNanos);
            return IoStatus.OK;
        }
        if (r.lostFault >= 0) {
            recordDelay(r, now);
            record(operation, now, r.lostFault, outer.offsetBytes(), outer.lengthBytes());
            r.status = IoStatus.OK;
            deliver(r);
            return IoStatus.OK;
        }
        r.inner.set(outer.op(), r.targetOffsetBytes, outer.lengthBytes(), outer.buffer(), outer.bufferOffset(),
                outer.flags(), r);
        // Once the inner device accepts, r may complete and be reused at any moment (and the caller may
        // already have reused its own request), so everything recorded afterwards is copied now.
        long consumed = r.consumedOnce;
        long extraNanos = r.extraNanos;
        long offsetBytes = outer.offsetBytes();
        long targetOffsetBytes = r.targetOffsetBytes;
        int misdirectedFault = r.misdirectedFault;
        IoStatus accepted = delegate.submit(r.inner);
        if (accepted != IoStatus.OK) {
            // Refused: nothing happened to this request, so its once-faults may strike a later one.
            triggers.giveBack(consumed);
            release(r);
            inFlight.decrementAndGet();
            return accepted;
        }
        if (extraNanos > 0) {
            record(operation, now, firstSlowIo(), offsetBytes, extraNanos);
        }
        if (misdirectedFault >= 0) {
            record(operation, now, misdirectedFault, targetOffsetBytes, offsetBytes);
        }
        return accepted;
    }

    private void recordDelay(FaultyRequest r, long now) {
        if (r.extraNanos > 0) {
            record(r.operation, now, firstSlowIo(), r.outer.offsetBytes(), r.extraNanos);
        }
    }

    /** Fail-stop and latent sector errors change the disk itself; returns true if it just failed. */
    private boolean strikeDeviceFaults(long operation, long now) {
        for (int i = 0; i < faults.length; i++) {
            Fault fault = faults[i];
            if (fault instanceof Fault.FailStop) {
                if (triggers.fires(i, ((Fault.FailStop) fault).when(), operation, now)) {
                    failed = true;
                    health.markFailed();
                    record(operation, now, i, 0, 0);
                    LOG.info("{}: fail-stop injected at operation {} ({})", info.name(), operation, plan);
                    return true;
                }
            } else if (fault instanceof Fault.LatentSectorError) {
                Fault.LatentSectorError lse = (Fault.LatentSectorError) fault;
                if (triggers.fires(i, lse.when(), operation, now)) {
                    long newlyBad = badSectors.add(lse.firstSector(), lse.firstSector() + lse.sectorCount());
                    health.addPendingSectors(newlyBad);
                    record(operation, now, i, lse.firstSector() << 9, newlyBad);
                }
            }
        }
        return false;
    }

    private void decideRequestFaults(FaultyRequest r, long now) {
        IoRequest outer = r.outer;
        boolean read = outer.op() == IoOp.READ && outer.lengthBytes() > 0;
        boolean write = outer.op() == IoOp.WRITE && outer.lengthBytes() > 0;
        for (int i = 0; i < faults.length; i++) {
            Fault fault = faults[i];
            if (fault instanceof Fault.Timeout) {
                Fault.Timeout timeout = (Fault.Timeout) fault;
                if (r.timeoutFault < 0 && fires(r, i, timeout.when(), now)) {
                    r.timeoutFault = i;
                    r.timeoutNanos = timeout.afterNanos();
                }
            } else if (fault instanceof Fault.SlowIo) {
                Fault.SlowIo slow = (Fault.SlowIo) fault;
                if (fires(r, i, slow.when(), now)) {
                    r.extraNanos += slow.extraNanos();
                }
            } else if (read && fault instanceof Fault.BitFlipOnRead) {
                if (r.flipFault < 0 && fires(r, i, ((Fault.BitFlipOnRead) fault).when(), now)) {
                    r.flipFault = i;
                }
            } else if (write && fault instanceof Fault.LostWrite) {
                if (r.lostFault < 0 && fires(r, i, ((Fault.LostWrite) fault).when(), now)) {
                    r.lostFault = i;
                }
            } else if (write && fault instanceof Fault.MisdirectedWrite) {
                Fault.MisdirectedWrite misdirected = (Fault.MisdirectedWrite) fault;
                if (r.misdirectedFault < 0 && fires(r, i, misdirected.when(), now)) {
                    r.misdirectedFault = i;
                    r.targetOffsetBytes = misdirectedTarget(r, i, misdirected.displacementBytes());
                }
            }
        }
    }

    /** A block-aligned offset where the whole write fits, other than the intended one when possible. */
    private long misdirectedTarget(FaultyRequest r, int fault, long displacementBytes) {
        long block = info.logicalBlockBytes();
        long offset = r.outer.offsetBytes();
        long span = info.capacityBytes() - r.outer.lengthBytes() + block;
        if (displacementBytes != 0) {
            return Math.floorMod(offset + Math.floorMod(displacementBytes, span), span);
        }
        long slots = span / block;
        long target = Long.remainderUnsigned(FaultRandom.hash(plan.seed(), fault, r.operation, 2), slots) * block;
        return target == offset && slots > 1 ? (target + block) % span : target;
    }

    /** Injections of extra latency are filed under the plan's first SlowIo fault (they may add up several). */
    private int firstSlowIo() {
        for (int i = 0; i < faults.length; i++) {
            if (faults[i] instanceof Fault.SlowIo) {
                return i;
            }
        }
        throw new IllegalStateException("extra latency without a SlowIo fault in " + plan);
    }

    private boolean fires(FaultyRequest r, int fault, Trigger when, long now) {
        boolean fires = triggers.fires(fault, when, r.operation, now);
        if (fires && when.once() && fault < Long.SIZE) {
            r.consumedOnce |= 1L << fault;
        }
        return fires;
    }

    /** The wrapped device completed our request (any thread). */
    void innerCompleted(FaultyRequest r, IoStatus innerStatus) {
        IoStatus status = innerStatus;
        IoRequest outer = r.outer;
        if (failed) {
            status = IoStatus.NO_DEVICE;
        } else if (status == IoStatus.OK) {
            long firstSector = outer.offsetBytes() >>> 9;
            long endSector = (outer.endBytes() + 511) >>> 9;
            if (outer.op() == IoOp.READ) {
                if (badSectors.overlaps(firstSector, endSector)) {
                    status = IoStatus.MEDIA_ERROR;
                    health.recordMediaError(true);
                } else if (r.flipFault >= 0) {
                    flipBit(r);
                }
            } else if (outer.op() == IoOp.WRITE || outer.op() == IoOp.WRITE_ZEROES) {
                long targetSector = r.targetOffsetBytes >>> 9;
                long healed = badSectors.heal(targetSector, targetSector + (endSector - firstSector));
                if (healed > 0) {
                    health.pendingSectorsRewritten(healed);
                }
            }
        }
        r.status = status;
        deliver(r);
    }

    private void flipBit(FaultyRequest r) {
        IoRequest outer = r.outer;
        long h = FaultRandom.hash(plan.seed(), r.flipFault, r.operation, 1);
        int index = (int) Long.remainderUnsigned(h, outer.lengthBytes());
        int bit = (int) (h >>> 61);
        int at = outer.bufferOffset() + index;
        outer.buffer().put(at, (byte) (outer.buffer().get(at) ^ (1 << bit)));
        record(r.operation, clock.nanoTime(), r.flipFault, outer.offsetBytes() + index, bit);
    }

    private void deliver(FaultyRequest r) {
        if (r.extraNanos > 0 && !closed) {
            scheduler.schedule(r, clock.nanoTime() + r.extraNanos);
        } else {
            finish(r, r.status);
        }
    }

    /** Completes the caller's request; the pooled state is released first so the completion may submit again. */
    void finish(FaultyRequest r, IoStatus status) {
        IoRequest outer = r.outer;
        IoStatus result = failed && status != IoStatus.ABORTED ? IoStatus.NO_DEVICE : status;
        release(r);
        try {
            outer.complete(result);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private FaultyRequest take() {
        synchronized (this) {
            FaultyRequest r = free;
            if (r != null) {
                free = r.nextFree;
                r.nextFree = null;
                return r;
            }
        }
        // The pool grows to the largest number of requests in flight at once, then stops allocating.
        return new FaultyRequest(this);
    }

    private void release(FaultyRequest r) {
        r.outer = null;
        synchronized (this) {
            r.nextFree = free;
            free = r;
        }
    }

    private void record(long operation, long atNanos, int fault, long offsetBytes, long detail) {
        Injection injection = new Injection(operation, atNanos, faults[fault], offsetBytes, detail);
        injections.add(injection);
        LOG.debug("{}: injected {}", info.name(), injection);
    }

    /**
     * Cuts the power of the {@link SimDisk} underneath: unflushed writes are lost, or torn per
     * physical block if the plan has a {@link Fault.TornWriteAtPowerLoss}. Delayed completions of
     * this wrapper are aborted too, since the disk that would have answered them lost power.
     *
     * @throws UnsupportedOperationException if no SimDisk is underneath
     */
    public void powerLoss() {
        if (simDisk == null) {
            throw new UnsupportedOperationException(info.name() + ": power loss needs a SimDisk underneath: wrap one");
        }
        long powerLoss = powerLosses.getAndIncrement();
        if (tornFault < 0) {
            simDisk.powerLoss();
        } else {
            double survival = ((Fault.TornWriteAtPowerLoss) faults[tornFault]).survivalProbability();
            // Asked once per cached logical block; the answer depends only on the physical block.
            Set<Long> kept = new HashSet<>();
            simDisk.powerLoss(physicalBlock -> {
                boolean keep = FaultRandom.unit(plan.seed(), tornFault, powerLoss, physicalBlock) < survival;
                if (keep) {
                    kept.add(physicalBlock);
                }
                return keep;
            });
            record(-1, clock.nanoTime(), tornFault, 0, kept.size());
        }
        scheduler.cancelIf(this::isMine);
    }

    private boolean isMine(CompletionScheduler.Task task) {
        return task instanceof FaultyRequest && ((FaultyRequest) task).device == this;
    }

    /**
     * Refuses new requests, waits for submits in progress, closes the wrapped device (which completes
     * its requests), and aborts completions still delayed here. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        awaitZero(submitting, deadline);
        delegate.close();
        scheduler.cancelIf(this::isMine);
        // A delayed completion the timer had already started when we cancelled may still be running.
        awaitZero(inFlight, deadline);
        if (ownsScheduler) {
            scheduler.close();
        }
    }

    /** Close is rare and short, so a millisecond nap (never a spin) is fine; gives up at the deadline. */
    private void awaitZero(AtomicInteger counter, long deadlineNanos) {
        while (counter.get() > 0) {
            if (System.nanoTime() > deadlineNanos) {
                LOG.warn("{}: closed with {} request(s) still running (was close called from a completion?)",
                        info.name(), counter.get());
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public String toString() {
        return "FaultyBlockDevice[" + info.name() + ", " + plan + (failed ? ", FAILED" : "") + "]";
    }
}
