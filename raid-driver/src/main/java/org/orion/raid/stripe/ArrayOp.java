package org.orion.raid.stripe;

import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A client request being served: where the split into stripe operations has got to, how many of
 * them are still running, and the first failure. Pooled; handler thread only.
 */
final class ArrayOp {
    IoRequest client;
    /** Stripe the next piece starts in. */
    long stripe;
    /** Chunk-relative column the next piece starts at. */
    int column;
    boolean splitDone;
    int pendingPieces;
    IoStatus failure;
    /** Spreads mirror reads over copies; assigned per request. */
    long readRotation;
    /** FIFO link while waiting for a free stripe operation. */
    ArrayOp nextQueued;
    /**
     * Members (bit per slot) whose direct read of this request already returned a media error
     * ({@link FastReads}): the operation treats them as unreadable, reconstructs and rewrites.
     */
    long mediaErrorMembers;
    /**
     * The member whose direct read of this request, longer than one operation, returned a media error
     * (-1: none): mirror operations read that member first, so the piece that holds the bad sectors
     * meets them itself and rewrites exactly that range, and the others read what is good there.
     */
    int firstReadSlot;
    /** Pieces of this request held by the {@link StripeGatherer}, waiting for the rest of their stripe. */
    int heldPieces;

    void start(IoRequest request, long stripeBytes) {
        client = request;
        stripe = request.offsetBytes() / stripeBytes;
        column = 0;
        splitDone = request.lengthBytes() == 0;
        pendingPieces = 0;
        failure = null;
        nextQueued = null;
        mediaErrorMembers = 0;
        firstReadSlot = -1;
        heldPieces = 0;
    }

    IoOp op() {
        return client.op();
    }

    void fail(IoStatus status) {
        if (failure == null && status != IoStatus.OK) {
            failure = status;
        }
    }

    /** Where array byte {@code arrayOffsetBytes} sits in the client's buffer. */
    int bufferOffsetOf(long arrayOffsetBytes) {
        return client.bufferOffset() + (int) (arrayOffsetBytes - client.offsetBytes());
    }
}
