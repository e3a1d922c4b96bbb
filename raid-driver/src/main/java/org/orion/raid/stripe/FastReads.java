package org.orion.raid.stripe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.array.ArrayManager;
import org.orion.raid.array.Member;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.level.StripeMap;
import org.orion.raid.ring.RequestRing;

/**
 * Reads that need no stripe work go straight from the submitting thread to one member, and complete
 * on that member's completion thread: no hop through the ring in either direction. On two cores each
 * hop is a thread wake-up, and for a small random read the hops cost as much as the read itself.
 *
 * <p>A read qualifies when the ring would serve it as one direct member read anyway:
 * <ul>
 *   <li>it lies in one chunk of one stripe and is no longer than one ring operation's column, so the
 *       ring too would read exactly this member range (and a failure maps to one operation);</li>
 *   <li>every member is in sync ({@link ArrayManager#allInSync()}): no failure, no missing member,
 *       no superblock update pending for a failure (that only follows a member turning faulty);</li>
 *   <li>no background pass runs ({@link StripeEngine#runningSync()}) and no member has recorded bad
 *       ranges ({@link ArrayManager#anyBad()}), which the ring must never read.</li>
 * </ul>
 * These are read from volatile state in that order: a rebuild makes its new member's bad ranges and
 * in-sync state visible before it reports the pass finished.
 *
 * <p>Why this keeps the {@code BlockDevice} rules: a write is acknowledged only after its member
 * writes completed, or after the member whose write failed was marked faulty; marking faulty
 * happens on the ring thread before that acknowledgement, so a read submitted after it sees the
 * array not all in sync and takes the ring. Reads in flight together with a write have no order
 * to keep.
 *
 * <p>A member read that fails is handed to the ring ({@link RequestRing#publishClientRetry}), which
 * blames the member exactly as it would for its own read (a media error: reconstruct or read another
 * copy under the stripe lock and rewrite the range; any other error: mark the member faulty) and
 * serves the request the full way. So the request completes exactly once, on one of the two paths.
 *
 * <p>Threads: {@link #tryStart} runs on any submitting thread, completions on member threads. The
 * pool of contexts is a lock-free stack (a version-stamped index, so a context taken and given back
 * in between cannot confuse a taker), sized to the array's client request limit; nothing is
 * allocated per request.
 */
public final class FastReads {
    private static final long INDEX_MASK = 0xFFFF_FFFFL;

    private final RaidLayout layout;
    private final ArrayManager array;
    private final StripeEngine engine;
    private final RequestRing ring;
    private final AtomicInteger clientInFlight;
    private final long stripeBytes;
    private final int chunkBytes;
    private final int columnLimitBytes;
    private final boolean mirrored;
    private final AtomicLong rotation = new AtomicLong();
    private final AtomicLong fastCompletions = new AtomicLong();

    private final Context[] contexts;
    private final int[] nextFree;
    /** Version in the high 32 bits, index + 1 of the top free context in the low 32 bits (0: empty). */
    private final AtomicLong freeTop = new AtomicLong();

    public FastReads(RaidLayout layout, ArrayManager array, StripeEngine engine, RequestRing ring,
                     AtomicInteger clientInFlight, int contexts) {
        this.layout = layout;
        this.array = array;
        this.engine = engine;
        this.ring = ring;
        this.clientInFlight = clientInFlight;
        this.stripeBytes = layout.stripeBytes();
        this.chunkBytes = layout.chunkBytes();
        this.columnLimitBytes = engine.pieceLimitBytes();
        this.mirrored = layout.maxCopies() > 1;
        this.contexts = new Context[contexts];
        this.nextFree = new int[contexts];
        for (int i = 0; i < contexts; i++) {
            this.contexts[i] = new Context(i, layout.newStripeMap());
            nextFree[i] = i; // index + 1 of the context below i: a stack of every context
        }
        freeTop.set(contexts);
    }

    /**
     * Starts {@code request} (already checked and counted in {@link #clientInFlight}) on one member
     * if it qualifies.
     *
     * @return true if it was started: it will complete exactly once; false if the caller must
     *         publish it into the ring (nothing was changed)
     */
    public boolean tryStart(IoRequest request) {
        if (request.op() != IoOp.READ) {
            return false;
        }
        long offset = request.offsetBytes();
        int length = request.lengthBytes();
        long stripe = offset / stripeBytes;
        long inStripe = offset - stripe * stripeBytes;
        int block = (int) (inStripe / chunkBytes);
        int column = (int) (inStripe - (long) block * chunkBytes);
        if (length == 0 || length > columnLimitBytes || column + length > chunkBytes) {
            return false;
        }
        // Order matters (see the class comment): pass, then bad ranges, then member states.
        if (engine.runningSync() != null || array.anyBad() || !array.allInSync()) {
            return false;
        }
        Context c = take();
        if (c == null) {
            return false;
        }
        StripeMap map = c.map;
        layout.map(stripe, map);
        int copy = mirrored && map.copies > 1 ? (int) ((stripe + rotation.getAndIncrement()) % map.copies) : 0;
        int slot = map.member(block, copy);
        Member member = array.member(slot);
        if (!member.isPresent() || length > member.device().info().maxTransferBytes()) {
            give(c);
            return false;
        }
        BlockDevice device = member.device();
        c.client = request;
        c.failed.slot = slot;
        c.failed.device = device;
        c.memberRequest.set(IoOp.READ, member.dataOffsetBytes() + map.offsetBytes(block, copy) + column, length,
                request.buffer(), request.bufferOffset(), 0, c);
        IoStatus accepted = device.submit(c.memberRequest);
        if (accepted != IoStatus.OK) {
            // Busy, closed or refused: the ring serves it (and meets the same member's trouble itself).
            c.client = null;
            c.failed.device = null;
            give(c);
            return false;
        }
        return true;
    }

    /** Reads completed on the direct path (successful ones; failures count in the engine). Any thread. */
    public long completions() {
        return fastCompletions.get();
    }

    private void memberDone(Context c, IoStatus status) {
        IoRequest client = c.client;
        c.client = null;
        if (status == IoStatus.OK) {
            c.failed.device = null;
            give(c);
            fastCompletions.incrementAndGet();
            clientInFlight.decrementAndGet();
            client.complete(IoStatus.OK);
            return;
        }
        // Still counted in flight: the ring owns the request now and completes it.
        ring.publishClientRetry(client, status, c.failed);
        c.failed.device = null;
        give(c);
    }

    private Context take() {
        while (true) {
            long top = freeTop.get();
            int index = (int) (top & INDEX_MASK) - 1;
            if (index < 0) {
                return null;
            }
            long next = ((top >>> 32) + 1) << 32 | (nextFree[index] & INDEX_MASK);
            if (freeTop.compareAndSet(top, next)) {
                return contexts[index];
            }
        }
    }

    private void give(Context c) {
        while (true) {
            long top = freeTop.get();
            nextFree[c.index] = (int) (top & INDEX_MASK);
            long next = ((top >>> 32) + 1) << 32 | (c.index + 1);
            if (freeTop.compareAndSet(top, next)) {
                return;
            }
        }
    }

    /** One direct read in flight: its member request, the client request, and where it went. */
    private final class Context implements IoCompletion {
        final int index;
        final StripeMap map;
        final IoRequest memberRequest = new IoRequest();
        final RequestRing.FailedRead failed = new RequestRing.FailedRead();
        IoRequest client;

        Context(int index, StripeMap map) {
            this.index = index;
            this.map = map;
        }

        @Override
        public void onComplete(IoRequest request, IoStatus status) {
            memberDone(this, status);
        }
    }
}
