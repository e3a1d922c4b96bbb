package org.orion.harness.nbd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * One NBD request from header to reply: pooled per connection and reused, with one
 * {@link IoRequest} that it submits once per step.
 *
 * <p>A request becomes a short plan of device steps, always in this order, each one optional:
 * <pre>
 *   LOCK -> HEAD_READ -> HEAD_WRITE -> TAIL_READ -> TAIL_WRITE -> MAIN (chunked) -> FLUSH -> REPLY
 * </pre>
 * <ul>
 *   <li>READ: MAIN reads the block-aligned span around the client's range; the reply sends the
 *       client's bytes out of it. Reads take no lock.</li>
 *   <li>WRITE covering whole blocks: LOCK (shared), MAIN writes. A WRITE with a partial first or
 *       last block: LOCK (exclusive), HEAD_READ / TAIL_READ fetch the partial edge blocks into
 *       scratch space and merge their outside bytes around the client's data, MAIN writes the whole
 *       span. The client's payload was read straight into place, so nothing is copied twice.</li>
 *   <li>WRITE_ZEROES: partial edge blocks are read, zeroed in scratch space and written back
 *       (HEAD_* / TAIL_*); MAIN zeroes the whole blocks in between; FLUSH if FUA.</li>
 *   <li>TRIM: rounded inwards to whole blocks (a trim is only a hint); MAIN discards; FLUSH if FUA.</li>
 *   <li>FLUSH: the FLUSH step only.</li>
 * </ul>
 * MAIN is cut into chunks no longer than the device accepts. The first failing step ends the plan
 * with its error; whatever the device already did stays done (NBD leaves a failed write's range
 * undefined).
 *
 * <p>Threads: the reader fills the exchange and runs {@link #advance()} for the first step; after
 * that, only the connection loop touches it, woken by {@link #onComplete} (device threads) or
 * {@link #lockGranted()} (any thread). Each hand-over goes through the loop's queue, which orders
 * the memory effects; after submitting or queueing for a lock, the submitter never touches the
 * exchange again, because the completion may already be running elsewhere.
 */
final class Exchange implements IoCompletion {
    static final int LOCK = 0;
    static final int HEAD_READ = 1;
    static final int HEAD_WRITE = 2;
    static final int TAIL_READ = 3;
    static final int TAIL_WRITE = 4;
    static final int MAIN = 5;
    static final int FLUSH = 6;
    static final int REPLY = 7;

    /** What {@link #advance()} left the exchange waiting for. */
    static final int SUBMITTED = 0;
    static final int WAITING_FOR_LOCK = 1;
    static final int REFUSED_BUSY = 2;
    static final int READY_TO_REPLY = 3;

    /** Why the loop was woken for this exchange. */
    static final int WAKE_CONTINUE = 0;
    static final int WAKE_COMPLETION = 1;

    /** TRIM and WRITE_ZEROES steps are cut at 1 GiB so a 4 GiB request never needs a 64-bit length. */
    private static final int NO_BUFFER_CHUNK_BYTES = 1 << 30;
    private static final byte[] MSG_IO_FAILED = bytes("the device failed the request");
    private static final byte[] MSG_INVALID = bytes("the device refused the request as invalid");
    private static final byte[] MSG_SHUTDOWN = bytes("the device is shutting down");
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(64 * 1024);

    private final ConnectionLoop loop;
    final IoRequest io = new IoRequest();

    // The request as the client sent it.
    long cookie;
    int command;
    int commandFlags;
    long offsetBytes;
    long lengthBytes;

    // The reply.
    int errno;
    byte[] message;
    ByteBuffer buffer;
    int dataOffset;
    int metaContextId;

    // The plan.
    private BlockDevice device;
    private RangeLocks locks;
    private int blockBytes;
    private int stepMask;
    private int step;
    private long headBlockBytes;
    private long tailBlockBytes;
    private int scratchOffset;
    private IoOp mainOp;
    private int mainFlags;
    private int mainChunkBytes;
    private long mainStartBytes;
    private long mainEndBytes;
    private long cursorBytes;
    private int stepLengthBytes;
    private boolean lockHeld;
    long lockStartBytes;
    long lockEndBytes;
    boolean lockExclusive;

    // Hand-over to the loop.
    int wake;
    private IoStatus completedStatus;

    Exchange(ConnectionLoop loop) {
        this.loop = loop;
    }

    /** Resets the exchange for a new request header. */
    void begin(long cookie, int command, int commandFlags, long offsetBytes, long lengthBytes) {
        this.cookie = cookie;
        this.command = command;
        this.commandFlags = commandFlags;
        this.offsetBytes = offsetBytes;
        this.lengthBytes = lengthBytes;
        this.errno = 0;
        this.message = null;
        this.buffer = null;
        this.dataOffset = 0;
        this.metaContextId = 0;
        this.stepMask = 1 << REPLY;
        this.step = REPLY;
        this.lockHeld = false;
        this.wake = WAKE_CONTINUE;
        this.completedStatus = null;
    }

    /** Ends the request with an error reply and no device work. */
    void fail(int errnoValue, byte[] why) {
        this.errno = errnoValue;
        this.message = why;
        this.step = REPLY;
    }

    /**
     * How many buffer bytes the validated request needs (0 for none): the aligned span, plus one
     * block of scratch space for edges that need read-modify-write.
     */
    static int bufferBytesFor(int command, long offsetBytes, long lengthBytes, int blockBytes) {
        if (lengthBytes == 0) {
            return 0;
        }
        long start = offsetBytes & -(long) blockBytes;
        long end = (offsetBytes + lengthBytes + blockBytes - 1) & -(long) blockBytes;
        boolean aligned = start == offsetBytes && end == offsetBytes + lengthBytes;
        return switch (command) {
            case NbdProtocol.CMD_READ -> (int) (end - start);
            case NbdProtocol.CMD_WRITE -> aligned ? (int) lengthBytes : (int) (end - start) + blockBytes;
            case NbdProtocol.CMD_WRITE_ZEROES -> aligned ? 0 : blockBytes;
            default -> 0;
        };
    }

    /** Where in the buffer the client's WRITE payload goes (or READ data comes from). */
    static int dataOffsetFor(long offsetBytes, int blockBytes) {
        return (int) (offsetBytes & (blockBytes - 1));
    }

    /**
     * Builds the plan of a validated data command. {@link #buffer} must already hold
     * {@link #bufferBytesFor} bytes (and, for WRITE, the payload at {@link #dataOffset}).
     */
    void plan(BlockDevice target, RangeLocks rangeLocks) {
        this.device = target;
        this.locks = rangeLocks;
        this.blockBytes = target.info().logicalBlockBytes();
        long end = offsetBytes + lengthBytes;
        long alignedStart = offsetBytes & -(long) blockBytes;
        long alignedEnd = (end + blockBytes - 1) & -(long) blockBytes;
        boolean headPartial = alignedStart != offsetBytes;
        boolean tailPartial = alignedEnd != end;
        boolean fua = (commandFlags & NbdProtocol.CMD_FLAG_FUA) != 0;
        int ioFua = fua ? IoRequest.FLAG_FUA : 0;
        int transferChunk = target.info().maxTransferBytes() & -blockBytes;
        int mask = 1 << REPLY;
        switch (command) {
            case NbdProtocol.CMD_READ -> {
                dataOffset = (int) (offsetBytes - alignedStart);
                mask |= main(IoOp.READ, 0, transferChunk, alignedStart, alignedEnd);
            }
            case NbdProtocol.CMD_WRITE -> {
                mask |= lock(alignedStart, alignedEnd, headPartial || tailPartial);
                scratchOffset = (int) (alignedEnd - alignedStart);
                headBlockBytes = alignedStart;
                tailBlockBytes = alignedEnd - blockBytes;
                if (headPartial) {
                    mask |= 1 << HEAD_READ;
                }
                if (tailPartial && !(headPartial && headBlockBytes == tailBlockBytes)) {
                    mask |= 1 << TAIL_READ;
                }
                mask |= main(IoOp.WRITE, ioFua, transferChunk, alignedStart, alignedEnd);
            }
            case NbdProtocol.CMD_WRITE_ZEROES -> {
                mask |= lock(alignedStart, alignedEnd, headPartial || tailPartial);
                int flags = ioFua | ((commandFlags & NbdProtocol.CMD_FLAG_NO_HOLE) != 0 ? IoRequest.FLAG_NO_HOLE : 0);
                scratchOffset = 0;
                headBlockBytes = alignedStart;
                tailBlockBytes = alignedEnd - blockBytes;
                long mainStart = alignedStart;
                long mainEnd = alignedEnd;
                if (headPartial) {
                    mask |= 1 << HEAD_READ | 1 << HEAD_WRITE;
                    mainStart += blockBytes;
                }
                if (tailPartial && !(headPartial && headBlockBytes == tailBlockBytes)) {
                    mask |= 1 << TAIL_READ | 1 << TAIL_WRITE;
                }
                if (tailPartial) {
                    mainEnd -= blockBytes;
                }
                mask |= main(IoOp.WRITE_ZEROES, flags, NO_BUFFER_CHUNK_BYTES & -blockBytes, mainStart,
                        Math.max(mainStart, mainEnd));
                mask |= fua ? 1 << FLUSH : 0;
            }
            case NbdProtocol.CMD_TRIM -> {
                long innerStart = (offsetBytes + blockBytes - 1) & -(long) blockBytes;
                long innerEnd = end & -(long) blockBytes;
                if (innerStart < innerEnd) {
                    mask |= lock(innerStart, innerEnd, false);
                    mask |= main(IoOp.DISCARD, ioFua, NO_BUFFER_CHUNK_BYTES & -blockBytes, innerStart, innerEnd);
                    mask |= fua ? 1 << FLUSH : 0;
                }
            }
            case NbdProtocol.CMD_FLUSH -> mask |= 1 << FLUSH;
            default -> throw new IllegalStateException("no device plan for command " + command);
        }
        stepMask = mask;
        step = Integer.numberOfTrailingZeros(mask);
    }

    private int lock(long startBytes, long endBytes, boolean exclusive) {
        lockStartBytes = startBytes;
        lockEndBytes = endBytes;
        lockExclusive = exclusive;
        return 1 << LOCK;
    }

    private int main(IoOp op, int flags, int chunkBytes, long startBytes, long endBytes) {
        mainOp = op;
        mainFlags = flags;
        mainChunkBytes = chunkBytes;
        mainStartBytes = startBytes;
        mainEndBytes = endBytes;
        cursorBytes = startBytes;
        return startBytes < endBytes ? 1 << MAIN : 0;
    }

    /**
     * Runs steps until one is submitted (its completion will wake the loop), the lock must be
     * waited for, the device is busy (the caller retries later), or the reply is ready.
     */
    int advance() {
        for (;;) {
            switch (step) {
                case LOCK -> {
                    step = nextStep(LOCK);
                    lockHeld = true;
                    if (!locks.acquire(this)) {
                        return WAITING_FOR_LOCK;
                    }
                }
                case HEAD_READ -> {
                    return submit(IoOp.READ, headBlockBytes, blockBytes, scratchOffset, 0);
                }
                case HEAD_WRITE -> {
                    return submit(IoOp.WRITE, headBlockBytes, blockBytes, scratchOffset, mainFlags & IoRequest.FLAG_FUA);
                }
                case TAIL_READ -> {
                    return submit(IoOp.READ, tailBlockBytes, blockBytes, scratchOffset, 0);
                }
                case TAIL_WRITE -> {
                    return submit(IoOp.WRITE, tailBlockBytes, blockBytes, scratchOffset, mainFlags & IoRequest.FLAG_FUA);
                }
                case MAIN -> {
                    int length = (int) Math.min(mainChunkBytes, mainEndBytes - cursorBytes);
                    int at = mainOp.usesBuffer() ? (int) (cursorBytes - mainStartBytes) : 0;
                    return submit(mainOp, cursorBytes, length, at, mainFlags);
                }
                case FLUSH -> {
                    return submit(IoOp.FLUSH, 0, 0, 0, 0);
                }
                default -> {
                    if (lockHeld) {
                        lockHeld = false;
                        locks.release(this);
                    }
                    return READY_TO_REPLY;
                }
            }
        }
    }

    /** On the loop thread: takes in a completion (if that is why it woke) and runs on. */
    int resume() {
        if (wake == WAKE_COMPLETION) {
            wake = WAKE_CONTINUE;
            stepCompleted(completedStatus);
        }
        return advance();
    }

    private int submit(IoOp op, long deviceOffsetBytes, int lengthBytes, int bufferOffset, int flags) {
        stepLengthBytes = lengthBytes;
        wake = WAKE_COMPLETION;
        io.set(op, deviceOffsetBytes, lengthBytes, op.usesBuffer() ? buffer : null, bufferOffset, flags, this);
        IoStatus status = device.submit(io);
        if (status == IoStatus.OK) {
            return SUBMITTED; // the completion may already be running: touch nothing more
        }
        wake = WAKE_CONTINUE;
        if (status == IoStatus.BUSY) {
            return REFUSED_BUSY;
        }
        failWith(status);
        return advance();
    }

    private void stepCompleted(IoStatus status) {
        if (status != IoStatus.OK) {
            failWith(status);
            return;
        }
        switch (step) {
            case HEAD_READ -> {
                if (command == NbdProtocol.CMD_WRITE) {
                    mergeAround(headBlockBytes);
                } else {
                    zeroInScratch(headBlockBytes);
                }
                step = nextStep(step);
            }
            case TAIL_READ -> {
                if (command == NbdProtocol.CMD_WRITE) {
                    mergeAround(tailBlockBytes);
                } else {
                    zeroInScratch(tailBlockBytes);
                }
                step = nextStep(step);
            }
            case MAIN -> {
                cursorBytes += stepLengthBytes;
                if (cursorBytes >= mainEndBytes) {
                    step = nextStep(MAIN);
                }
            }
            default -> step = nextStep(step);
        }
    }

    /**
     * Copies the bytes of the edge block at {@code blockStartBytes} (now in scratch) that lie
     * outside the client's range into the write buffer, around the payload already there.
     */
    private void mergeAround(long blockStartBytes) {
        long end = offsetBytes + lengthBytes;
        int blockInBuffer = (int) (blockStartBytes - mainStartBytes);
        int before = (int) Math.max(0, Math.min(blockBytes, offsetBytes - blockStartBytes));
        if (before > 0) {
            buffer.put(blockInBuffer, buffer, scratchOffset, before);
        }
        int after = (int) Math.max(0, Math.min(blockBytes, end - blockStartBytes));
        if (after < blockBytes) {
            buffer.put(blockInBuffer + after, buffer, scratchOffset + after, blockBytes - after);
        }
    }

    /** Zeroes the part of the edge block in scratch that lies inside the client's range. */
    private void zeroInScratch(long blockStartBytes) {
        long end = offsetBytes + lengthBytes;
        int from = (int) Math.max(0, offsetBytes - blockStartBytes);
        int to = (int) Math.min(blockBytes, end - blockStartBytes);
        while (from < to) {
            int n = Math.min(to - from, ZEROES.capacity());
            buffer.put(scratchOffset + from, ZEROES, 0, n);
            from += n;
        }
    }

    private void failWith(IoStatus status) {
        switch (status) {
            case INVALID -> fail(NbdProtocol.EINVAL, MSG_INVALID);
            case ABORTED -> fail(NbdProtocol.ESHUTDOWN, MSG_SHUTDOWN);
            default -> fail(NbdProtocol.EIO, MSG_IO_FAILED);
        }
    }

    private int nextStep(int after) {
        int rest = stepMask & (-1 << (after + 1));
        return rest == 0 ? REPLY : Integer.numberOfTrailingZeros(rest);
    }

    /** Device completion: any thread, must not block. Records the status and wakes the loop. */
    @Override
    public void onComplete(IoRequest request, IoStatus status) {
        completedStatus = status;
        loop.wake(this);
    }

    /** {@link RangeLocks} granted the range this exchange was waiting for. */
    void lockGranted() {
        loop.wake(this);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "NBD command " + command + " cookie " + cookie + " at " + offsetBytes + "+" + lengthBytes;
    }
}
