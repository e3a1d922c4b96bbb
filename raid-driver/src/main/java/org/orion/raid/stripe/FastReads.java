package org.orion.raid.stripe;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.array.ArrayManager;
import org.orion.raid.array.DirectReadView;
import org.orion.raid.array.Member;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.level.StripeMap;
import org.orion.raid.ring.RequestRing;

/**
 * Reads that need no stripe work go straight from the submitting thread to one member, and complete
 * on that member's completion thread: no hop through the ring in either direction. On two cores each
 * hop is a thread wake-up, and for a small random read the hops cost as much as the read itself.
 *
 * <p>A read qualifies when the ring would serve it as one plain member read anyway, healthy or not:
 * <ul>
 *   <li>it lies in one chunk of one stripe and is no longer than one ring operation's column, so the
 *       ring too would read exactly this member range (and a failure maps to one operation); or,
 *       on a layout of whole copies (RAID1), it is any read up to the member's transfer limit: one
 *       member range, which the ring would read as several column ranges of the same copy. A
 *       failure hands the whole request back, and the ring's operations then each treat that
 *       member as failed for their range;</li>
 *   <li>the member holding that range may be read directly ({@link DirectReadView#mayRead}): present
 *       and in sync, so never a missing or faulty slot and never a rebuild target (which joins the
 *       slot table only when it is complete); a mirror's read goes to the next such copy in rotation,
 *       skipping copies that are gone, as the ring's does; a parity level's read whose chunk is on a
 *       slot that is gone takes the ring, which reconstructs it;</li>
 *   <li>the range is not one of the member's recorded bad ranges ({@link DirectReadView#isBad}):
 *       those take the ring, which serves them from redundancy and rewrites them;</li>
 *   <li>direct reads are not paused: no member failure is waiting for its superblock update (the
 *       ring holds every completion until then) and no resync, check or repair runs (those read and
 *       rewrite members under stripe locks). A recovery or hot replace does not pause them: it
 *       writes only its target, and the ring itself reads the other members without a lock.</li>
 * </ul>
 * All of this comes from one immutable {@link DirectReadView} read once per request, so the slot
 * table, the readable slots and the bad ranges belong to the same moment.
 *
 * <p>Why this keeps the {@code BlockDevice} rules: the ring thread is the only writer of the view,
 * and publishes a new one after every state change before anything that change allows is
 * acknowledged. A write is acknowledged only after its member writes completed, or after the member
 * whose write failed was marked faulty; marking faulty publishes a view without that slot on the
 * ring thread before that acknowledgement, so a read submitted after it does not go to the stale
 * member (a mirror reads another copy, a parity level reconstructs on the ring). A recovered member
 * joins the view only when the rebuild is complete, and it received every write acknowledged for
 * the part already rebuilt before then. The pass does not wait for client writes still in flight
 * to the target when it completes: such a write is not acknowledged before its target write
 * finishes, and if that fails (the member now holds the slot without it) the ring marks the member
 * faulty, publishing a view without it, before acknowledging the write
 * ({@link StripeEngine#targetFailed}), exactly as for a member's own failed write. Reads in flight
 * together with a write, or with a state change, have no order to keep, as on the ring, whose
 * plain reads take no stripe lock either.
 *
 * <p>A member read that fails is handed to the ring ({@link RequestRing#publishClientRetry}), which
 * blames the member exactly as it would for its own read (a media error: reconstruct or read another
 * copy under the stripe lock and rewrite the range; any other error: mark the member faulty) and
 * serves the request the full way: from the remaining redundancy, or failed with the ring's status
 * when none is left. So the request completes exactly once, on one of the two paths.
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
    /** The layout keeps whole copies (RAID1): a read of any length is one member range. */
    private final boolean wholeCopies;
    private final AtomicLong rotation = new AtomicLong();
    private final AtomicLong fastCompletions = new AtomicLong();
    private final AtomicLong handedBack = new AtomicLong();

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
        this.wholeCopies = layout.wholeCopies();
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
        // A mirror's read of any length is one range of one member (up to its transfer limit,
        // checked below): a 1 MiB read is one member read, not 16 of one virtual chunk each. Other
        // layouts qualify within one chunk and one ring column.
        if (length == 0 || (!wholeCopies && (length > columnLimitBytes || column + length > chunkBytes))) {
            return false;
        }
        DirectReadView view = array.directReads();
        if (view.noneReadable()) {
            return false;
        }
        Context c = take();
        if (c == null) {
            return false;
        }
        StripeMap map = c.map;
        layout.map(stripe, map);
        // Whole copies rotate per request alone: with the stripe added, sequential reads of two
        // virtual chunks each would step both by one and read the same copies for ever.
        int copy = firstReadableCopy(view, map, block, map.copies <= 1 ? 0
                : (int) (((wholeCopies ? 0 : stripe) + rotation.getAndIncrement()) % map.copies));
        if (copy < 0) {
            give(c); // no copy left to read directly: the ring reconstructs it (or fails it)
            return false;
        }
        int slot = map.member(block, copy);
        long memberOffset = map.offsetBytes(block, copy) + column;
        Member member = view.member(slot);
        if (view.isBad(slot, memberOffset, length) || length > member.device().info().maxTransferBytes()) {
            give(c); // a recorded-bad range: the ring serves it from another copy or by reconstruction
            return false;
        }
        BlockDevice device = member.device();
        c.client = request;
        c.failed.slot = slot;
        c.failed.device = device;
        c.memberRequest.set(IoOp.READ, member.dataOffsetBytes() + memberOffset, length,
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

    /**
     * The first copy of {@code block}, from {@code firstCopy} on in rotation, whose member may be read
     * directly; -1 if none may (a parity level's only "copy" is on a slot that is gone).
     */
    private static int firstReadableCopy(DirectReadView view, StripeMap map, int block, int firstCopy) {
        for (int i = 0; i < map.copies; i++) {
            int copy = firstCopy + i < map.copies ? firstCopy + i : firstCopy + i - map.copies;
            if (view.mayRead(map.member(block, copy))) {
                return copy;
            }
        }
        return -1;
    }

    /** Reads completed on the direct path (successful ones; failures count in the engine). Any thread. */
    public long completions() {
        return fastCompletions.get();
    }

    /** Direct reads whose member read failed and that were handed to the ring to be served. Any thread. */
    public long handedBack() {
        return handedBack.get();
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
        handedBack.incrementAndGet();
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
