package org.orion.raid.stripe;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.raid.array.ArrayManager;
import org.orion.raid.array.Member;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.parity.ParityKernels;
import org.orion.raid.ring.RequestRing;
import org.orion.raid.ring.RingEvent;
import org.orion.raid.ring.RingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ring handler of one array: turns client requests into stripe operations and drives them with
 * member completions. Owns every piece of data-path state; runs only on the ring's handler thread.
 *
 * <p>Flow control: client requests in flight are bounded by the pool of {@link ArrayOp}s (the
 * device refuses with BUSY beyond it), stripe operations by {@code array_stripe_cache_size}; a
 * request waits in a FIFO for a free stripe operation. Together these bound member I/O in flight,
 * which is what lets the ring be sized so publishers never wait.
 *
 * <p>Over 700 lines because the background passes (pacing, pieces, checkpoints, the rebuild
 * target, failover) share the handler's state with the client path; moving them into a class of
 * their own ("SyncDriver") is the next split.
 */
public final class StripeEngine implements RingHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StripeEngine.class);
    /** Control code: mark the member in {@code slot} faulty (operator action). */
    public static final int CONTROL_FAIL_MEMBER = 1;
    /** Control code: start the pass {@code SyncKind.values()[slot]} at {@link #requestSync}'s stripe. */
    public static final int CONTROL_START_SYNC = 2;
    /** Control code: stop the running pass (its checkpoint stays where it got to). */
    public static final int CONTROL_STOP_SYNC = 3;
    /** Control code: rebuild {@code slot} onto the member set with {@link #requestRecovery}. */
    public static final int CONTROL_BEGIN_RECOVERY = 5;
    /** Control code: detach the faulty member of {@code slot}. */
    public static final int CONTROL_REMOVE_MEMBER = 6;
    /** Control code: the superblock update of a member failure is on disk; release held completions. */
    public static final int CONTROL_METADATA_SYNCED = 4;
    /** Control code: allocate the buffers of the first background piece now (a standby spare was armed). */
    public static final int CONTROL_PREPARE_SYNC = 7;
    /** Control code: one bad-block log update is durable; release held completions when none is left. */
    public static final int CONTROL_BADBLOCKS_SYNCED = 8;
    /** Background stripe operations in flight at once. */
    private static final int SYNC_IN_FLIGHT = 4;
    /**
     * Largest piece of a background pass while no client is active. A whole 512 KiB chunk (md's
     * default) per piece keeps the pieces in flight on different stripes, so they do not queue for
     * one stripe lock, and costs one member request per member per stripe instead of eight.
     */
    private static final int SYNC_PIECE_MAX_BYTES = 512 * 1024;
    /** Buffer memory one background piece may hold (a buffer per member plus P and Q): wide arrays get smaller pieces. */
    private static final int SYNC_PIECE_BUFFER_BUDGET_BYTES = 4 << 20;
    /**
     * P/Q buffer memory the {@link StripeWriteBatch}es may hold: each has chunk-sized P (and Q)
     * buffers, so RAID6 with md's 512 KiB chunk gets 8 batches (8 MiB), RAID5 16; at least 2.
     */
    private static final long BATCH_PARITY_BUDGET_BYTES = 8L << 20;
    /** Report a checkpoint after this many stripes. */
    private static final long CHECKPOINT_STRIPES = 64;

    final RaidLayout layout;
    final ArrayManager array;
    final ParityKernels kernels;
    final StripeLocks locks;
    final int memberCount;
    final long allMembersMask;
    final int parityBlocks;
    final int chunkBytes;
    final long stripeBytes;
    final ByteBuffer zeroBuffer;

    private final int columnLimitBytes;
    private final int columnBufferBytes;
    /** Smallest largest-transfer of the members: no member write is longer. */
    private final int memberTransferLimitBytes;
    /** Size of the background pieces' buffers; pieces shrink to the column size while clients are busy. */
    private final int syncBufferBytes;
    /** Largest background piece for the running pass (the rebuild target's transfer limit included). */
    private int syncPieceLimitBytes;
    /** Submit background reads / writes for devices that complete inline; created when the first one does. */
    private BackgroundSubmitter backgroundReader;
    private BackgroundSubmitter backgroundWriter;
    /** Member completions that ran on the handler thread inside {@code submit}. */
    private long inlineCompletions;
    private final boolean discardPassesThrough;
    private final EventSink events;
    private final NanoClock clock;
    private final AtomicInteger clientInFlight;
    private final ArrayOp[] freeArrayOps;
    private int freeArrayOpCount;
    private StripeOp freeStripeOps;
    private StripeOp freeFlushOps;
    private ArrayOp queueHead;
    private ArrayOp queueTail;
    private final CompletionQueue local = new CompletionQueue();
    private final CompletionQueue busy = new CompletionQueue();
    private final IoCompletion memberCompletion = this::memberCompleted;
    private volatile Thread handlerThread;
    private RequestRing ring;
    private long rotation;

    private final SyncStripeOp[] freeSyncOps = new SyncStripeOp[SYNC_IN_FLIGHT];
    private int freeSyncOpCount;
    private final SyncStripeOp[] allSyncOps = new SyncStripeOp[SYNC_IN_FLIGHT];
    /** The listener handed in with the last request (any thread); becomes the active one when the pass begins. */
    private volatile SyncListener requestedListener = SyncListener.NONE;
    /** The running pass's listener (handler thread). */
    private SyncListener syncListener = SyncListener.NONE;
    /** A rebuild that arrived while a resync/check ran: it preempts the pass and starts when it ends. */
    private org.orion.raid.array.Member pendingRecoveryTarget;
    private int pendingRecoverySlot = -1;
    private long pendingRecoveryFrom;
    private java.util.List<long[]> pendingRecoveryLost = java.util.List.of();
    private SyncListener pendingRecoveryListener;
    private volatile long requestedSyncStartStripe;
    private SyncKind syncKind;
    private long syncCursorStripe;
    private int syncCursorColumn;
    private long syncStripesDone;
    private long syncMismatchBytes;
    private long syncUnreadable;
    private long lastCheckpoint;
    private final java.util.ArrayList<long[]> syncRanges = new java.util.ArrayList<>();
    private volatile SyncKind runningSync;
    private volatile long syncProgressStripes;

    /** Partial-stripe writes gathered into full-stripe writes; null for levels without parity. */
    private final StripeGatherer gatherer;
    private volatile long memberReads;
    private volatile long memberReadErrors;
    private volatile long reconstructions;
    private volatile long inconsistentReads;
    private volatile long readErrorsCorrected;
    private volatile long internalErrors;

    /** Clients count as busy for this long after their last request. */
    private static final long BUSY_WINDOW_NANOS = 5_000_000;
    /** The rate bucket holds at most this much time's worth of bytes (bursts stay short). */
    private static final long BUCKET_NANOS = 50_000_000;
    private final long busyBytesPerSecond;
    private final long idleBytesPerSecond;
    private long syncTokens;
    private long syncTokensAtNanos;
    private long lastClientNanos = Long.MIN_VALUE / 2;

    public StripeEngine(RaidLayout layout, ArrayManager array, ParityKernels kernels, EventSink events, NanoClock clock,
                        int stripeCacheEntries, int maxClientRequests, int columnBytes, AtomicInteger clientInFlight,
                        long busyBytesPerSecond, long idleBytesPerSecond) {
        this.busyBytesPerSecond = busyBytesPerSecond;
        this.idleBytesPerSecond = idleBytesPerSecond;
        this.layout = layout;
        this.array = array;
        this.kernels = kernels;
        this.events = events;
        this.clock = clock;
        this.clientInFlight = clientInFlight;
        this.memberCount = layout.members();
        this.allMembersMask = memberCount == 64 ? -1L : (1L << memberCount) - 1;
        this.parityBlocks = layout.parityBlocks();
        this.chunkBytes = layout.chunkBytes();
        this.stripeBytes = layout.stripeBytes();
        this.discardPassesThrough = parityBlocks == 0 && layout.maxCopies() == 1;
        int maxMemberTransfer = Integer.MAX_VALUE;
        for (int i = 0; i < memberCount; i++) {
            Member m = array.member(i);
            if (m.isPresent()) {
                maxMemberTransfer = Math.min(maxMemberTransfer, m.device().info().maxTransferBytes());
            }
        }
        int limit = parityBlocks > 0 ? Math.min(chunkBytes, columnBytes) : chunkBytes;
        this.columnLimitBytes = Math.min(limit, maxMemberTransfer);
        this.memberTransferLimitBytes = maxMemberTransfer;
        this.columnBufferBytes = Math.min(chunkBytes, columnBytes);
        int syncPiece = Math.min(chunkBytes, SYNC_PIECE_MAX_BYTES);
        syncPiece = Math.min(syncPiece, Integer.highestOneBit(SYNC_PIECE_BUFFER_BUDGET_BYTES / (memberCount + 2)));
        syncPiece = Math.min(syncPiece, maxMemberTransfer) / 4096 * 4096;
        this.syncBufferBytes = Math.max(columnBufferBytes, syncPiece);
        this.syncPieceLimitBytes = syncBufferBytes;
        this.zeroBuffer = ByteBuffer.allocateDirect(columnBufferBytes).asReadOnlyBuffer();
        this.locks = new StripeLocks(stripeCacheEntries);
        this.freeArrayOps = new ArrayOp[maxClientRequests];
        for (int i = 0; i < maxClientRequests; i++) {
            freeArrayOps[freeArrayOpCount++] = new ArrayOp();
        }
        for (int i = 0; i < stripeCacheEntries; i++) {
            StripeOp op = parityBlocks > 0
                    ? new ParityStripeOp(this, memberCount, layout.dataBlocksPerStripe())
                    : new MirrorStripeOp(this, memberCount);
            op.nextFree = freeStripeOps;
            freeStripeOps = op;
        }
        for (int i = 0; i < SYNC_IN_FLIGHT; i++) {
            allSyncOps[i] = new SyncStripeOp(this, memberCount);
            freeSyncOps[freeSyncOpCount++] = allSyncOps[i];
        }
        int columnsPerChunk = (chunkBytes + columnLimitBytes - 1) / columnLimitBytes;
        // Batches merge the columns of a chunk; with one column per chunk there is nothing to merge.
        int batches = parityBlocks > 0 && columnsPerChunk > 1
                ? (int) Math.max(2, Math.min(stripeCacheEntries, BATCH_PARITY_BUDGET_BYTES / ((long) parityBlocks * chunkBytes)))
                : 0;
        // Gathers that write on their own each hold two column buffers once used, so there are a
        // quarter as many as stripe operations; gathers in batches hold none, so every piece may be
        // in one (a 1 MiB write is 8 column pieces, each needing a gather until its stripe is written).
        int gathers = batches > 0 ? stripeCacheEntries : Math.max(4, stripeCacheEntries / 4);
        this.gatherer = parityBlocks > 0 ? new StripeGatherer(this, clock, memberCount, layout.dataBlocksPerStripe(),
                gathers, batches, columnsPerChunk, stripeCacheEntries) : null;
        if (parityBlocks == 0 && layout.dataBlocksPerStripe() != 1) {
            throw new IllegalArgumentException(layout.levelName() + ": levels without parity must map one chunk per stripe");
        }
    }

    public void attach(RequestRing requestRing) {
        this.ring = requestRing;
    }

    /** Longest column range one stripe operation covers (what a read must fit to need one member read). */
    int pieceLimitBytes() {
        return columnLimitBytes;
    }

    // ---- ring callbacks (handler thread) ----

    @Override
    public void onStart(Thread thread) {
        handlerThread = thread;
    }

    @Override
    public void onClientRequest(IoRequest request) {
        ArrayOp op = freeArrayOps[--freeArrayOpCount];
        op.start(request, stripeBytes);
        lastClientNanos = clock.nanoTime();
        op.readRotation = rotation++;
        IoOp kind = request.op();
        if (gatherer != null) {
            gatherer.admitted(op);
        }
        if (kind == IoOp.FLUSH) {
            if (gatherer != null) {
                gatherer.releaseAll(); // nothing is gathered across a flush
            }
            StripeOp flush = takeFlushOp();
            flush.setup(op, 0, 0, 0, 0, 0);
            op.splitDone = true;
            op.pendingPieces = 1;
            flush.start();
        } else if (op.splitDone || (kind == IoOp.DISCARD && !discardPassesThrough)) {
            // Zero-length, or a discard on a redundant level: parity and copies must stay consistent,
            // so the range keeps its old content, which the BlockDevice contract allows.
            op.splitDone = true;
            completeClient(op);
        } else {
            enqueue(op);
        }
        afterEvent();
    }

    /**
     * A read {@link FastReads} sent straight to a member failed: blame the member as a failed read
     * of the ring's own would (a media error is remembered so the operation reconstructs and
     * rewrites that range; anything else marks the member faulty), then serve the request the full way.
     */
    @Override
    public void onClientRetry(IoRequest request, int failedSlot, IoStatus status, Object failedDevice) {
        ArrayOp op = freeArrayOps[--freeArrayOpCount];
        op.start(request, stripeBytes);
        lastClientNanos = clock.nanoTime();
        op.readRotation = rotation++;
        Member member = array.member(failedSlot);
        if (member.isPresent() && member.device() == failedDevice && array.isUsable(failedSlot)) {
            if (status == IoStatus.MEDIA_ERROR && onePiece(request)) {
                countMemberReadError();
                op.mediaErrorMembers = 1L << failedSlot;
            } else if (status == IoStatus.MEDIA_ERROR) {
                // A mirror's read of several pieces (FastReads reads whole copies in one request): the
                // bad sectors lie in some of them only. Reading that member again piece by piece finds
                // them (and counts the error there); blaming all of them would rewrite good ranges.
                op.firstReadSlot = failedSlot;
            } else {
                // Through the engine, as the ring's own failed reads do: a failover rebuild the failure
                // listener claims starts here, and only then is the failure recorded and the held
                // acknowledgements (this request's too) released. Marking it on the array alone left the
                // claimed rebuild unstarted and this request held for ever (campaign seeds 246, 256).
                markFaulty(failedSlot, status);
            }
        }
        enqueue(op);
        afterEvent();
    }

    /** The request maps to one stripe operation: within one chunk and one column. */
    private boolean onePiece(IoRequest request) {
        long column = request.offsetBytes() % chunkBytes;
        return request.lengthBytes() <= columnLimitBytes && column + request.lengthBytes() <= chunkBytes;
    }

    @Override
    public void onMemberCompletion(IoRequest memberRequest, IoStatus status) {
        deliver(memberRequest, status);
        afterEvent();
    }

    @Override
    public void onControl(int controlCode, int slot) {
        if (controlCode == CONTROL_FAIL_MEMBER) {
            if (!array.isUsable(slot) && array.recoverySlot() == slot) {
                // The slot's own member has failed already: the device in it now is the one being
                // rebuilt into it, and failing that (mdadm --fail of a recovering device, or its
                // removal) abandons the rebuild.
                targetFailed(slot, array.recoveryTarget().device(), IoStatus.ABORTED);
            } else {
                markFaulty(slot, IoStatus.ABORTED);
            }
        } else if (controlCode == CONTROL_REMOVE_MEMBER) {
            array.detachMember(slot);
        } else if (controlCode == CONTROL_BEGIN_RECOVERY) {
            beginRecovery(slot);
        } else if (controlCode == CONTROL_PREPARE_SYNC) {
            // The piece a pass takes first; allocating its buffers now keeps that off the failover path.
            if (freeSyncOpCount > 0) {
                freeSyncOps[freeSyncOpCount - 1].prepareBuffers();
            }
        } else if (controlCode == CONTROL_METADATA_SYNCED) {
            array.metadataSynced();
            releaseHeldCompletions();
        } else if (controlCode == CONTROL_BADBLOCKS_SYNCED) {
            array.badBlocksSynced();
            releaseHeldCompletions();
        } else if (controlCode == CONTROL_START_SYNC) {
            if (syncKind == null) {
                syncListener = requestedListener;
            }
            beginSync(SyncKind.values()[slot], requestedSyncStartStripe);
        } else if (controlCode == CONTROL_STOP_SYNC && syncKind != null) {
            // Stop dispatching but keep the cursor: the checkpoint must say how far the pass really got.
            stopRequested = true;
        }
        afterEvent();
    }

    @Override
    public void onIdle() {
        afterEvent(true);
    }

    @Override
    public void onHandlerFailure(Throwable failure, RingEvent event) {
        internalErrors++;
        LOG.error("{}: ring handler failed", array.arrayName(), failure);
        events.publish(new DriverEvent.InternalError(clock.nanoTime(), array.arrayName(), String.valueOf(failure)));
        if (event != null && (event.type() == RingEvent.CLIENT_REQUEST || event.type() == RingEvent.CLIENT_RETRY)
                && event.request() != null
                && !event.request().isCompleted()) {
            clientInFlight.decrementAndGet();
            event.request().complete(IoStatus.INTERNAL);
        }
    }

    // ---- background passes ----

    private boolean stopRequested;

    /** Where to send progress and the result of background passes. Set before starting one. */
    public void syncListener(SyncListener listener) {
        this.requestedListener = listener;
    }

    /** Asks the handler (through the ring) to start a pass at {@code fromStripe}; see {@link RequestRing}. */
    public void requestSync(SyncKind kind, long fromStripe, RequestRing target) {
        requestedSyncStartStripe = fromStripe;
        target.publishControl(CONTROL_START_SYNC, kind.ordinal());
    }

    /** The pass running now, or null. Any thread. */
    public SyncKind runningSync() {
        return runningSync;
    }

    /** Stripes the running (or last) pass has completed. Any thread. */
    public long syncProgressStripes() {
        return syncProgressStripes;
    }

    private volatile org.orion.raid.array.Member requestedRecoveryTarget;
    private volatile java.util.List<long[]> requestedRecoveryLost = java.util.List.of();

    /** Asks the handler to rebuild {@code slot} onto {@code target}, from {@code fromStripe}. */
    public void requestRecovery(int slot, org.orion.raid.array.Member target, long fromStripe, RequestRing ringToUse) {
        requestRecovery(slot, target, fromStripe, java.util.List.of(), ringToUse);
    }

    /**
     * Like {@link #requestRecovery(int, Member, long, RequestRing)}; {@code lostBelowStart} are the
     * target's ranges below {@code fromStripe} an earlier run could not rebuild (see
     * {@link ArrayManager#beginRecovery(int, Member, java.util.List)}).
     */
    public void requestRecovery(int slot, org.orion.raid.array.Member target, long fromStripe,
                                java.util.List<long[]> lostBelowStart, RequestRing ringToUse) {
        requestedRecoveryTarget = target;
        requestedSyncStartStripe = fromStripe;
        requestedRecoveryLost = java.util.List.copyOf(lostBelowStart);
        ringToUse.publishControl(CONTROL_BEGIN_RECOVERY, slot);
    }

    /** A rebuild to begin as soon as the member failure being handled is recorded (handler thread). */
    private Member failureRecoveryTarget;
    private int failureRecoverySlot;
    private SyncListener failureRecoveryListener;
    private Runnable failureRecoveryStarted;
    /** Runs when the current event's work has been dispatched (see {@link #recoverAfterFailure}). */
    private Runnable afterDispatch;

    /** True on the ring's handler thread. */
    public boolean onHandlerThread() {
        return Thread.currentThread() == handlerThread;
    }

    /**
     * Handler thread only, from a {@link ArrayManager.MemberFailureListener}: rebuild {@code slot}
     * onto {@code target} the moment this failure has been handled, in the same ring event, with no
     * trip through another thread (failover). Safe before the superblocks record anything: until
     * they name the target for the slot it is a spare whose data area nobody reads, and its
     * recovery_offset checkpoints are written only after that.
     *
     * @param started runs on this thread once the rebuild has begun and its first piece has been
     *                written or is being written (at the latest at the end of this ring event),
     *                before the listener hears of any progress (for example to wake whoever
     *                records it: woken earlier, on a busy machine that thread can take this CPU
     *                before the first write)
     * @return false if a rebuild is already running or queued (the caller keeps its spare)
     */
    public boolean recoverAfterFailure(int slot, Member target, SyncListener listener, Runnable started) {
        if (Thread.currentThread() != handlerThread) {
            throw new IllegalStateException("recoverAfterFailure runs on the ring handler thread only");
        }
        if (array.recoverySlot() >= 0 || pendingRecoveryTarget != null || failureRecoveryTarget != null) {
            return false;
        }
        failureRecoveryTarget = target;
        failureRecoverySlot = slot;
        failureRecoveryListener = listener;
        failureRecoveryStarted = started;
        return true;
    }

    private void beginRecovery(int slot) {
        beginRecovery(slot, requestedRecoveryTarget, requestedListener, requestedSyncStartStripe, requestedRecoveryLost);
    }

    private void beginRecovery(int slot, Member target, SyncListener listener, long fromStripe,
                               java.util.List<long[]> lostBelowStart) {
        if (array.recoverySlot() >= 0) {
            return;
        }
        if (syncKind != null) {
            // md's order: recovery before resync or check. Stop the running pass (its listener hears
            // it ended incomplete) and begin the rebuild when it has drained.
            LOG.info("{}: {} interrupted for the rebuild of slot {} onto {}", array.arrayName(), syncKind.mdName(), slot,
                    target.name());
            pendingRecoveryTarget = target;
            pendingRecoverySlot = slot;
            pendingRecoveryFrom = fromStripe;
            pendingRecoveryLost = lostBelowStart;
            pendingRecoveryListener = listener;
            stopRequested = true;
            return;
        }
        array.beginRecovery(slot, target, lostBelowStart);
        syncListener = listener;
        beginSync(SyncKind.RECOVER, fromStripe);
    }

    /** The background piece limit for a pass: the buffers' size, and for a rebuild also the target's limit. */
    private int pieceLimitFor(SyncKind kind) {
        int limit = syncBufferBytes;
        if (kind == SyncKind.RECOVER && array.recoverySlot() >= 0) {
            int targetMax = array.recoveryTarget().device().info().maxTransferBytes();
            limit = Math.min(limit, Math.max(4096, targetMax / 4096 * 4096));
        }
        return limit;
    }

    /** True if writes at {@code stripe}/{@code column} must also reach the rebuild target (already rebuilt there). */
    boolean targetCovers(long stripe, int column) {
        if (array.recoverySlot() < 0 || syncKind != SyncKind.RECOVER) {
            return false;
        }
        return stripe < syncCursorStripe || (stripe == syncCursorStripe && column < syncCursorColumn);
    }

    void submitTarget(StripeOp op, IoOp ioOp, long relativeOffsetBytes, int lengthBytes, ByteBuffer buffer,
                      int bufferOffset, int flags) {
        Member target = array.recoveryTarget();
        IoRequest request = op.memberRequests[memberCount];
        op.targetSlot = array.recoverySlot();
        op.targetDevice = target.device();
        request.set(ioOp, target.dataOffsetBytes() + relativeOffsetBytes, lengthBytes, buffer, bufferOffset, flags,
                memberCompletion);
        request.attachment(op).tag(memberCount);
        op.outstanding++;
        IoStatus accepted = target.device().submit(request);
        if (accepted == IoStatus.BUSY) {
            busy.add(request, null);
        } else if (accepted != IoStatus.OK) {
            local.add(request, accepted);
        }
    }

    /** A background pass's write to the rebuild target (see {@link #submitBackground}). */
    void submitBackgroundTarget(StripeOp op, long relativeOffsetBytes, int lengthBytes, ByteBuffer buffer) {
        Member target = array.recoveryTarget();
        IoRequest request = op.memberRequests[memberCount];
        op.targetSlot = array.recoverySlot();
        op.targetDevice = target.device();
        request.set(IoOp.WRITE, target.dataOffsetBytes() + relativeOffsetBytes, lengthBytes, buffer, 0, 0,
                memberCompletion);
        request.attachment(op).tag(memberCount);
        submitBackground(op, target.device(), request);
    }

    /** A background pass's write to the member in {@code slot} (see {@link #submitBackground}). */
    void submitBackgroundWrite(StripeOp op, int slot, long relativeOffsetBytes, int lengthBytes, ByteBuffer buffer) {
        submitBackgroundMember(op, slot, IoOp.WRITE, relativeOffsetBytes, lengthBytes, buffer);
    }

    /** A background pass's read of the member in {@code slot} (see {@link #submitBackground}). */
    void submitBackgroundRead(StripeOp op, int slot, long relativeOffsetBytes, int lengthBytes, ByteBuffer buffer) {
        submitBackgroundMember(op, slot, IoOp.READ, relativeOffsetBytes, lengthBytes, buffer);
    }

    private void submitBackgroundMember(StripeOp op, int slot, IoOp ioOp, long relativeOffsetBytes, int lengthBytes,
                                        ByteBuffer buffer) {
        Member member = array.member(slot);
        IoRequest request = op.memberRequests[slot];
        request.set(ioOp, member.dataOffsetBytes() + relativeOffsetBytes, lengthBytes, buffer, 0, 0, memberCompletion);
        request.attachment(op).tag(slot);
        submitBackground(op, member.device(), request);
    }

    /**
     * Background I/O goes to a {@link BackgroundSubmitter} (one for reads, one for writes) once a
     * request of its kind has completed inline (the device works inside {@code submit}, on our
     * thread): the handler then works on one piece while others are read and written. Devices with
     * threads of their own are submitted to directly, as before.
     */
    private void submitBackground(StripeOp op, BlockDevice device, IoRequest request) {
        op.outstanding++;
        boolean read = request.op() == IoOp.READ;
        BackgroundSubmitter submitter = read ? backgroundReader : backgroundWriter;
        if (submitter != null) {
            submitter.submit(device, request);
            return;
        }
        long inlineBefore = inlineCompletions;
        IoStatus accepted = device.submit(request);
        if (accepted == IoStatus.BUSY) {
            busy.add(request, null);
        } else if (accepted != IoStatus.OK) {
            local.add(request, accepted);
        } else if (inlineCompletions != inlineBefore) {
            // Started at the end of this event (startSubmitters): not on the way to a rebuild's first write.
            if (read) {
                readsCompleteInline = true;
            } else {
                writesCompleteInline = true;
            }
        }
    }

    private void runAfterDispatch() {
        Runnable task = afterDispatch;
        afterDispatch = null;
        task.run();
    }

    private boolean readsCompleteInline;
    private boolean writesCompleteInline;

    private void startSubmitters() {
        int capacity = SYNC_IN_FLIGHT * (memberCount + 1);
        if (readsCompleteInline && backgroundReader == null) {
            backgroundReader = new BackgroundSubmitter("orion-bgread-" + array.arrayName(), capacity,
                    this::memberCompleted);
        }
        if (writesCompleteInline && backgroundWriter == null) {
            backgroundWriter = new BackgroundSubmitter("orion-bgwrite-" + array.arrayName(), capacity,
                    this::memberCompleted);
        }
    }

    /** Stops the background submitter threads, if any were started. Call after the ring has stopped. */
    public void close() {
        if (backgroundReader != null) {
            backgroundReader.close();
        }
        if (backgroundWriter != null) {
            backgroundWriter.close();
        }
    }

    private final java.util.ArrayList<SyncResult.Finding> syncFindings = new java.util.ArrayList<>();

    /** A background pass located an inconsistency (RAID6 syndromes). */
    void recordFinding(long arrayStartBytes, long arrayEndBytes, int slot, String what, boolean repaired) {
        if (syncFindings.size() < SyncResult.MAX_RANGES) {
            syncFindings.add(new SyncResult.Finding(arrayStartBytes, arrayEndBytes, slot, what, repaired));
        }
        if (slot >= 0) {
            LOG.warn("{}: {} of {} at array bytes {}..{} is inconsistent with the rest of its stripe{}", array.arrayName(),
                    what, array.member(slot).name(), arrayStartBytes, arrayEndBytes, repaired ? ": rewritten" : "");
        }
    }

    /** Array bytes a rebuild found unrecoverable: reported in the pass result's ranges. */
    void reportLost(long arrayOffsetBytes, int lengthBytes) {
        addRange(arrayOffsetBytes, arrayOffsetBytes + lengthBytes);
        LOG.error("{}: array bytes {}+{} could not be rebuilt: recorded as bad blocks, reads there fail",
                array.arrayName(), arrayOffsetBytes, lengthBytes);
    }

    /**
     * A resync could not read a data block and recorded the stripe's P bad instead (see
     * SyncStripeOp#distrustParity): the block's array range now reads as an error.
     */
    void resyncLost(int paritySlot, long arrayOffsetBytes, int lengthBytes) {
        LOG.error("{}: array bytes {}+{} could not be read by the resync and their parity cannot be trusted:"
                + " recorded as bad blocks, reads there fail until rewritten", array.arrayName(), arrayOffsetBytes,
                lengthBytes);
        events.publish(new DriverEvent.BadBlocksRecorded(clock.nanoTime(), array.arrayName(),
                array.member(paritySlot).name(), java.util.List.of(new ByteRange(arrayOffsetBytes,
                        arrayOffsetBytes + lengthBytes))));
    }

    /**
     * A request to the rebuild target of {@code slot}, on {@code device}, failed. While that rebuild
     * runs, it is abandoned (the slot stays as it was). If the rebuild completed while the request
     * was in flight (a client write sent to the part already rebuilt; the pass does not wait for
     * those), the device now holds the slot in sync without this write: it is marked faulty here,
     * as any member whose write failed, before the request that sent it completes, so neither the
     * ring nor a direct read ({@link FastReads}) reads the range it missed once the write is
     * acknowledged (campaign seed 5433: a write that timed out on the new member just after its
     * recovery completed was acknowledged, and the range read back stale). A target abandoned or
     * replaced meanwhile is no longer read by anyone: nothing to do.
     */
    void targetFailed(int slot, BlockDevice device, IoStatus status) {
        if (slot < 0) {
            return;
        }
        if (array.recoverySlot() == slot && array.recoveryTarget().device() == device) {
            events.publish(new DriverEvent.FailSpare(clock.nanoTime(), array.arrayName(),
                    array.recoveryTarget().name(), status));
            array.abandonRecovery("writes to the new member failed with " + status);
            if (syncKind == SyncKind.RECOVER) {
                stopRequested = true;
            }
        } else if (array.isUsable(slot) && array.member(slot).device() == device) {
            LOG.warn("{}: a write sent to {} while it was rebuilt failed with {} after it took slot {}",
                    array.arrayName(), array.member(slot).name(), status, slot);
            markFaulty(slot, status);
        }
    }

    /** Percent of the running pass last reported (RebuildNN every 20%, mdadm's default --increment). */
    private int syncPercentReported;

    private void beginSync(SyncKind kind, long fromStripe) {
        if (syncKind != null) {
            LOG.warn("{}: {} requested while {} runs; ignored", array.arrayName(), kind.mdName(), syncKind.mdName());
            return;
        }
        syncKind = kind;
        runningSync = kind;
        // A recovery writes only its target: client reads of the other members may still bypass
        // the ring (FastReads). Resync, check and repair read and rewrite members under stripe
        // locks, so while one runs every client read takes the ring.
        array.directReadsPaused(kind != SyncKind.RECOVER);
        stopRequested = false;
        syncPieceLimitBytes = pieceLimitFor(kind);
        syncCursorStripe = Math.max(0, Math.min(fromStripe, layout.stripeCount()));
        syncCursorColumn = 0;
        syncStripesDone = 0;
        syncMismatchBytes = 0;
        syncUnreadable = 0;
        syncRanges.clear();
        syncFindings.clear();
        lastCheckpoint = syncCursorStripe;
        syncProgressStripes = syncCursorStripe;
        LOG.info("{}: {} started at stripe {} of {}", array.arrayName(), kind.mdName(), syncCursorStripe,
                layout.stripeCount());
        syncPercentReported = (int) (syncCursorStripe * 100 / Math.max(1, layout.stripeCount()));
        events.publish(new DriverEvent.RebuildStarted(clock.nanoTime(), array.arrayName(), kind.mdName(),
                syncCursorStripe * stripeBytes, layout.stripeCount() * stripeBytes));
    }

    /** Raises RebuildNN when the pass crosses a multiple of 20 percent (one event even if it jumps several). */
    private void reportProgress(long doneStripes) {
        int percent = (int) (doneStripes * 100 / Math.max(1, layout.stripeCount()));
        if (percent / 20 > syncPercentReported / 20 && percent < 100) {
            syncPercentReported = percent;
            events.publish(new DriverEvent.RebuildProgress(clock.nanoTime(), array.arrayName(), syncKind.mdName(),
                    percent / 20 * 20));
        }
    }

    /** Starts background pieces while client requests are not waiting for stripe operations. */
    private boolean pumpSync() {
        if (syncKind == null) {
            return false;
        }
        boolean progress = false;
        long stripes = layout.stripeCount();
        while (freeSyncOpCount > 0 && queueHead == null && syncCursorStripe < stripes && !stopRequested) {
            // Column-sized pieces while clients are active: a big piece's parity maths would hold
            // the handler thread, and with it their requests, for longer.
            int piece = clientsBusy(clock.nanoTime()) ? Math.min(columnBufferBytes, syncPieceLimitBytes)
                    : syncPieceLimitBytes;
            int length = Math.min(piece, chunkBytes - syncCursorColumn);
            if (!takeSyncTokens(length)) {
                break; // over the rate: the wait strategy's timeout brings us back here
            }
            SyncStripeOp op = freeSyncOps[--freeSyncOpCount];
            op.setupSync(syncKind, syncCursorStripe, syncCursorColumn, length);
            op.busy = true;
            syncCursorColumn += length;
            if (syncCursorColumn >= chunkBytes) {
                syncCursorColumn = 0;
                syncCursorStripe++;
            }
            op.start();
            progress = true;
            if (!local.isEmpty()) {
                // Its reads completed inline: finish this piece (reconstruct, write) before taking
                // the next, so the first write goes out after one piece's reads, not four.
                break;
            }
        }
        if (freeSyncOpCount == SYNC_IN_FLIGHT && (syncCursorStripe >= stripes || stopRequested)) {
            finishSync();
            progress = true;
        }
        return progress;
    }

    /**
     * A token bucket in bytes: refilled at the busy rate while clients were active in the last few
     * milliseconds, at the idle rate otherwise (md's speed_limit_min / speed_limit_max).
     */
    private boolean takeSyncTokens(int lengthBytes) {
        long now = clock.nanoTime();
        boolean busy = clientsBusy(now);
        long rate = busy ? busyBytesPerSecond : idleBytesPerSecond;
        long elapsed = Math.min(now - syncTokensAtNanos, BUCKET_NANOS);
        syncTokensAtNanos = now;
        long cap = Math.max(lengthBytes, (long) (rate / 1e9 * BUCKET_NANOS));
        syncTokens = Math.min(cap, syncTokens + (long) (rate / 1e9 * Math.max(0, elapsed)));
        if (syncTokens < lengthBytes) {
            return false;
        }
        syncTokens -= lengthBytes;
        return true;
    }

    /**
     * Busy while client requests are in flight, or were seen in the last few milliseconds (a
     * descheduled submitter still counts as a client).
     */
    private boolean clientsBusy(long nowNanos) {
        return clientInFlight.get() > 0 || nowNanos - lastClientNanos < BUSY_WINDOW_NANOS;
    }

    void syncPieceDone(SyncStripeOp op) {
        if (afterDispatch != null) {
            // Before this pass can report progress or its end (devices completing inline could
            // finish a small array within one event), so its listener hears in order.
            runAfterDispatch();
        }
        if (op.foundMismatch()) {
            syncMismatchBytes += op.lengthBytes;
            recordMismatch(op.stripe);
        }
        if (op.wasUnreadable()) {
            syncUnreadable++;
        }
        if (op.column + op.lengthBytes >= chunkBytes) {
            syncStripesDone++;
        }
        op.busy = false;
        freeSyncOps[freeSyncOpCount++] = op;
        if (syncKind == SyncKind.RECOVER && array.recoverySlot() < 0) {
            // The target failed: pieces still in flight (their writes were handed over before the
            // failure came back) finish, but the rebuild makes no more progress.
            return;
        }
        long checkpoint = syncCursorStripe;
        for (SyncStripeOp other : allSyncOps) {
            if (other.busy) {
                checkpoint = Math.min(checkpoint, other.stripe);
            }
        }
        syncProgressStripes = checkpoint;
        reportProgress(checkpoint);
        if (checkpoint - lastCheckpoint >= CHECKPOINT_STRIPES) {
            lastCheckpoint = checkpoint;
            syncListener.onProgress(syncKind, checkpoint, layout.stripeCount());
        }
    }

    private void recordMismatch(long stripe) {
        addRange(stripe * stripeBytes, (stripe + 1) * stripeBytes);
    }

    /** Adds {@code [start, end)} to the pass's ranges, merging it into any range it touches. */
    private void addRange(long start, long end) {
        for (long[] r : syncRanges) {
            if (start <= r[1] && r[0] <= end) {
                r[0] = Math.min(r[0], start);
                r[1] = Math.max(r[1], end);
                return;
            }
        }
        if (syncRanges.size() < SyncResult.MAX_RANGES) {
            syncRanges.add(new long[] {start, end});
        }
    }

    private void finishSync() {
        if (afterDispatch != null) {
            runAfterDispatch();
        }
        SyncKind kind = syncKind;
        boolean completed = !stopRequested;
        String rebuiltMember = kind == SyncKind.RECOVER && array.recoverySlot() >= 0 ? array.recoveryTarget().name() : null;
        // Before completeRecovery hands them to the slot: the ranges the target's bad-block log must record.
        java.util.List<long[]> lost = rebuiltMember != null ? array.recoveryLostRanges() : java.util.List.of();
        if (kind == SyncKind.RECOVER && array.recoverySlot() >= 0) {
            if (completed) {
                array.completeRecovery();
            } else {
                array.abandonRecovery("stopped at stripe " + syncProgressStripes);
            }
        }
        syncKind = null;
        runningSync = null;
        array.directReadsPaused(false);
        syncRanges.sort(java.util.Comparator.comparingLong(r -> r[0]));
        SyncResult result = new SyncResult(syncStripesDone, syncMismatchBytes, syncRanges, syncUnreadable, syncFindings,
                lost);
        LOG.info("{}: {} {}: {} stripe(s), {} mismatched byte(s), {} unreadable stripe(s)", array.arrayName(),
                kind.mdName(), completed ? "finished" : "stopped", syncStripesDone, syncMismatchBytes, syncUnreadable);
        publishPassEnd(kind, completed, rebuiltMember);
        syncListener.onFinished(kind, completed, result);
        if (pendingRecoveryTarget != null) {
            org.orion.raid.array.Member target = pendingRecoveryTarget;
            pendingRecoveryTarget = null;
            array.beginRecovery(pendingRecoverySlot, target, pendingRecoveryLost);
            syncListener = pendingRecoveryListener;
            beginSync(SyncKind.RECOVER, pendingRecoveryFrom);
        }
    }

    /**
     * MismatchesFound (check, repair, resync) or BadBlocksRecorded (a completed rebuild that lost
     * ranges) with the pass's array ranges, then RebuildFinished.
     */
    private void publishPassEnd(SyncKind kind, boolean completed, String rebuiltMember) {
        long now = clock.nanoTime();
        boolean lost = kind == SyncKind.RECOVER && completed && rebuiltMember != null && !syncRanges.isEmpty();
        if (lost || (kind != SyncKind.RECOVER && syncMismatchBytes > 0)) {
            java.util.List<ByteRange> ranges = new java.util.ArrayList<>(syncRanges.size());
            for (long[] r : syncRanges) {
                ranges.add(new ByteRange(r[0], r[1]));
            }
            events.publish(lost ? new DriverEvent.BadBlocksRecorded(now, array.arrayName(), rebuiltMember, ranges)
                    : new DriverEvent.MismatchesFound(now, array.arrayName(), kind.mdName(), syncMismatchBytes, ranges));
        }
        events.publish(new DriverEvent.RebuildFinished(now, array.arrayName(), kind.mdName(), completed,
                syncMismatchBytes));
    }

    // ---- used by the operations ----

    void submitMember(StripeOp op, int slot, IoOp ioOp, long relativeOffsetBytes, int lengthBytes, ByteBuffer buffer,
                      int bufferOffset, int flags) {
        submitMember(op, op.memberRequests[slot], slot, ioOp, relativeOffsetBytes, lengthBytes, buffer, bufferOffset,
                flags);
    }

    /** As above with a request of the operation's own (one with several writes to a member at once). */
    void submitMember(StripeOp op, IoRequest request, int slot, IoOp ioOp, long relativeOffsetBytes, int lengthBytes,
                      ByteBuffer buffer, int bufferOffset, int flags) {
        Member member = array.member(slot);
        request.set(ioOp, member.dataOffsetBytes() + relativeOffsetBytes, lengthBytes, buffer, bufferOffset, flags,
                memberCompletion);
        request.attachment(op).tag(slot);
        op.outstanding++;
        if (ioOp == IoOp.READ) {
            memberReads++;
        }
        IoStatus accepted = member.device().submit(request);
        if (accepted == IoStatus.BUSY) {
            busy.add(request, null);
        } else if (accepted != IoStatus.OK) {
            local.add(request, accepted);
        }
    }

    /** Marks a member faulty; a rebuild the failure listener asked for begins right after. */
    void markFaulty(int slot, IoStatus cause) {
        array.markFaulty(slot, cause);
        if (failureRecoveryTarget != null) {
            Member target = failureRecoveryTarget;
            Runnable started = failureRecoveryStarted;
            failureRecoveryTarget = null;
            failureRecoveryStarted = null;
            beginRecovery(failureRecoverySlot, target, failureRecoveryListener, 0, java.util.List.of());
            // Runs once the first piece is done (syncPieceDone), or at the end of this event.
            afterDispatch = started;
        }
    }

    void releaseLock(StripeOp op) {
        StripeOp next = locks.release(op.stripe, op);
        if (next != null) {
            next.lockGranted();
        }
    }

    void stripeOpDone(StripeOp op) {
        ArrayOp owner = op.owner;
        owner.fail(op.failure);
        owner.pendingPieces--;
        op.owner = null;
        if (op instanceof FlushOp) {
            op.nextFree = freeFlushOps;
            freeFlushOps = op;
        } else {
            op.nextFree = freeStripeOps;
            freeStripeOps = op;
        }
        if (owner.splitDone && owner.pendingPieces == 0) {
            completeClient(owner);
        }
    }

    ByteBuffer allocateColumnBuffer() {
        // Direct and 4 KiB aligned so that O_DIRECT members can use it without a bounce buffer.
        return ByteBuffer.allocateDirect(columnBufferBytes + 4096).alignedSlice(4096);
    }

    /** A chunk-sized P or Q buffer of a {@link StripeWriteBatch} (direct, 4 KiB aligned). */
    ByteBuffer allocateChunkBuffer() {
        return ByteBuffer.allocateDirect(chunkBytes + 4096).alignedSlice(4096);
    }

    /** Longest member request any member accepts. */
    int memberTransferLimitBytes() {
        return memberTransferLimitBytes;
    }

    /** A buffer for one member's part of a background piece (direct, 4 KiB aligned). */
    ByteBuffer allocateSyncBuffer() {
        return ByteBuffer.allocateDirect(syncBufferBytes + 4096).alignedSlice(4096);
    }

    void countMemberReadError() {
        memberReadErrors++;
    }

    void countReconstructions() {
        reconstructions++;
    }

    /** A RAID6 read's solved block disagreed with Q (a torn stripe): the read failed instead. */
    void countInconsistentRead() {
        if (inconsistentReads++ == 0) {
            LOG.warn("{}: a stripe's P and Q disagree where a block could not be read (a write torn by a crash);"
                    + " reads there fail instead of returning reconstructed data", array.arrayName());
        }
    }

    void readErrorCorrected(int slot, long memberOffsetBytes, int lengthBytes, boolean rewritten) {
        if (rewritten) {
            readErrorsCorrected++;
        }
        Member m = array.member(slot);
        events.publish(new DriverEvent.ReadErrorCorrected(clock.nanoTime(), array.arrayName(), m.name(),
                m.dataOffsetBytes() + memberOffsetBytes, lengthBytes, rewritten));
    }

    /** Whether partial-stripe writes may be gathered now: every member in sync, no rebuild, pass or bad range. */
    boolean canGather() {
        return array.usableMask() == allMembersMask && array.recoverySlot() < 0 && !array.anyBad() && syncKind == null;
    }

    // ---- counters, readable from any thread ----

    /** Member reads issued by stripe operations (client reads on the ring path, RMW/RCW, reconstruction, passes). */
    public long memberReads() {
        return memberReads;
    }

    /** Full-stripe writes assembled from partial-stripe client writes ({@link StripeGatherer}). */
    public long gatheredWrites() {
        return gatherer == null ? 0 : gatherer.gathered();
    }

    /** Stripe writes whose column ranges went out as one member write per contiguous run ({@link StripeWriteBatch}). */
    public long batchedWrites() {
        return gatherer == null ? 0 : gatherer.batches().written();
    }

    /** Write pieces held right now, waiting for the rest of their stripe. */
    public int heldForGathering() {
        return gatherer == null ? 0 : gatherer.heldPieces();
    }

    /** Partial-stripe writes held for gathering that ran out of time and were written on their own. */
    public long gatherTimeouts() {
        return gatherer == null ? 0 : gatherer.expired();
    }

    public long memberReadErrors() {
        return memberReadErrors;
    }

    public long reconstructions() {
        return reconstructions;
    }

    /** Reads failed because the block solved from P disagreed with Q ({@link #countInconsistentRead}). */
    public long inconsistentReads() {
        return inconsistentReads;
    }

    public long readErrorsCorrected() {
        return readErrorsCorrected;
    }

    public long internalErrors() {
        return internalErrors;
    }

    // ---- internals ----

    private void memberCompleted(IoRequest request, IoStatus status) {
        if (Thread.currentThread() == handlerThread) {
            inlineCompletions++;
            local.add(request, status);
        } else {
            ring.publishCompletion(request, status);
        }
    }

    private void deliver(IoRequest request, IoStatus status) {
        StripeOp op = (StripeOp) request.attachment();
        int slot = (int) request.tag();
        if (slot == memberCount) {
            op.targetDone(status);
            op.afterTargetDone();
        } else {
            op.memberDone(slot, status);
        }
    }

    /** Runs queued completions, retries and waiting requests until nothing moves. */
    private void afterEvent() {
        afterEvent(false);
    }

    /**
     * Idle calls since the last event: the first comes at the end of a batch of events, each further
     * one after a wait timeout of the ring (2 ms of real time with nothing to do).
     */
    private int quietIdles;

    /**
     * @param idle the ring has no more events for now (end of a batch, or a wait timeout): only then
     *             may held writes give up waiting, so that a successor already in the ring (the
     *             handler thread was off the CPU for a while) is seen first
     */
    private void afterEvent(boolean idle) {
        quietIdles = idle ? quietIdles + 1 : 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            while (!local.isEmpty()) {
                IoRequest request = local.peekRequest();
                IoStatus status = local.peekStatus();
                local.pop();
                deliver(request, status);
                progress = true;
            }
            progress |= retryBusy();
            progress |= gatherer != null && idle && gatherer.poll(quietIdles >= 2);
            progress |= gatherer != null && gatherer.batches().startWaiting();
            progress |= dispatch();
            progress |= pumpSync();
        }
        if (afterDispatch != null) {
            runAfterDispatch();
        }
        if ((readsCompleteInline && backgroundReader == null) || (writesCompleteInline && backgroundWriter == null)) {
            startSubmitters();
        }
    }

    private boolean retryBusy() {
        boolean progress = false;
        while (!busy.isEmpty()) {
            IoRequest request = busy.peekRequest();
            int slot = (int) request.tag();
            if (slot == memberCount && array.recoveryTarget() == null) {
                // The rebuild target was abandoned while this write waited: it completes as failed
                // (which never fails a client request) instead of going to a device that is gone.
                busy.pop();
                local.add(request, IoStatus.NO_DEVICE);
                progress = true;
                continue;
            }
            BlockDevice device = slot == memberCount ? array.recoveryTarget().device() : array.member(slot).device();
            IoStatus accepted = device.submit(request);
            if (accepted == IoStatus.BUSY) {
                break;
            }
            busy.pop();
            progress = true;
            if (accepted != IoStatus.OK) {
                local.add(request, accepted);
            }
        }
        return progress;
    }

    private boolean dispatch() {
        boolean progress = false;
        while (queueHead != null && freeStripeOps != null) {
            ArrayOp op = queueHead;
            StripeOp piece = freeStripeOps;
            freeStripeOps = piece.nextFree;
            piece.nextFree = null;
            nextPiece(op, piece);
            op.pendingPieces++;
            if (op.splitDone) {
                queueHead = op.nextQueued;
                op.nextQueued = null;
                if (queueHead == null) {
                    queueTail = null;
                }
            }
            if (gatherer == null || !gatherer.offer(piece)) {
                piece.start();
            }
            progress = true;
        }
        if (gatherer != null) {
            gatherer.batches().seal();
        }
        return progress;
    }

    /**
     * Carves the next piece of {@code op}: within one stripe, a column range over which every data
     * block is either wholly in the request or wholly out of it, at most {@code columnLimitBytes}
     * long. Sets {@code op.splitDone} when this is the last piece.
     */
    private void nextPiece(ArrayOp op, StripeOp piece) {
        long requestStart = op.client.offsetBytes();
        long requestEnd = op.client.endBytes();
        while (true) {
            long stripeStart = op.stripe * stripeBytes;
            long relStart = Math.max(requestStart, stripeStart) - stripeStart;
            long relEnd = Math.min(requestEnd, stripeStart + stripeBytes) - stripeStart;
            int firstBlockOfRange = (int) (relStart / chunkBytes);
            int startColumn = (int) (relStart % chunkBytes);
            int lastBlockOfRange = (int) ((relEnd - 1) / chunkBytes);
            int endColumn = (int) ((relEnd - 1) % chunkBytes) + 1;
            int c = op.column;
            int first;
            int last;
            int d;
            if (firstBlockOfRange == lastBlockOfRange) {
                c = Math.max(c, startColumn);
                first = firstBlockOfRange;
                last = firstBlockOfRange;
                d = endColumn;
            } else {
                first = c >= startColumn ? firstBlockOfRange : firstBlockOfRange + 1;
                last = c < endColumn ? lastBlockOfRange : lastBlockOfRange - 1;
                d = chunkBytes;
                if (startColumn > c) {
                    d = Math.min(d, startColumn);
                }
                if (endColumn > c) {
                    d = Math.min(d, endColumn);
                }
            }
            d = Math.min(d, c + columnLimitBytes);
            boolean stripeDone = firstBlockOfRange == lastBlockOfRange ? d >= endColumn : d >= chunkBytes;
            if (first <= last) {
                piece.setup(op, op.stripe, c, d - c, first, last);
            }
            if (stripeDone) {
                op.stripe++;
                op.column = 0;
                if (op.stripe * stripeBytes >= requestEnd) {
                    op.splitDone = true;
                }
            } else {
                op.column = d;
            }
            if (first <= last) {
                return;
            }
        }
    }

    private void enqueue(ArrayOp op) {
        op.nextQueued = null;
        if (queueTail == null) {
            queueHead = op;
        } else {
            queueTail.nextQueued = op;
        }
        queueTail = op;
    }

    private StripeOp takeFlushOp() {
        StripeOp op = freeFlushOps;
        if (op == null) {
            return new FlushOp(this, memberCount);
        }
        freeFlushOps = op.nextFree;
        op.nextFree = null;
        return op;
    }

    /** Client requests finished while a superblock update was pending (FIFO through nextQueued). */
    private ArrayOp heldHead;
    private ArrayOp heldTail;

    private void releaseHeldCompletions() {
        while (heldHead != null && !array.metadataPending()) {
            ArrayOp op = heldHead;
            heldHead = op.nextQueued;
            if (heldHead == null) {
                heldTail = null;
            }
            op.nextQueued = null;
            finishClient(op);
        }
    }

    private void completeClient(ArrayOp op) {
        if (array.metadataPending()) {
            op.nextQueued = null;
            if (heldTail == null) {
                heldHead = op;
            } else {
                heldTail.nextQueued = op;
            }
            heldTail = op;
            return;
        }
        finishClient(op);
    }

    private void finishClient(ArrayOp op) {
        IoRequest request = op.client;
        IoStatus status = op.failure == null ? IoStatus.OK : op.failure;
        op.client = null;
        freeArrayOps[freeArrayOpCount++] = op;
        clientInFlight.decrementAndGet();
        if (gatherer != null) {
            gatherer.completed(request.op());
        }
        request.complete(status);
    }
}
