package org.orion.driver.api.io;

import java.nio.ByteBuffer;

/**
 * One block I/O request. Mutable and meant to be pooled: the hot path reuses instances instead of
 * allocating them.
 *
 * <p>Ownership: the submitter fills the request and calls
 * {@link org.orion.driver.api.block.BlockDevice#submit}. If {@code submit} refuses it, ownership
 * stays with the submitter at once. If it accepts, the device owns the request (and the buffer
 * range) until it calls {@link #complete(IoStatus)}, which runs the completion exactly once.
 *
 * <p>Buffers are addressed absolutely: bytes {@code [bufferOffset, bufferOffset + lengthBytes)} of
 * {@link #buffer()}; devices never change the buffer's position or limit, so one buffer can carry
 * several requests at once.
 *
 * <pre>
 *   device:  |----offsetBytes----|=====lengthBytes=====|
 *   buffer:  |--bufferOffset--|=====lengthBytes=====|
 * </pre>
 */
public final class IoRequest {
    /** Force unit access: do not complete until the data is on stable storage. */
    public static final int FLAG_FUA = 1;
    /** WRITE_ZEROES only: keep the range allocated (do not punch a hole). */
    public static final int FLAG_NO_HOLE = 1 << 1;

    private IoOp op = IoOp.READ;
    private long offsetBytes;
    private int lengthBytes;
    private ByteBuffer buffer;
    private int bufferOffset;
    private int flags;
    private IoCompletion completion;
    private Object attachment;
    private long tag;
    private long submitNanos;
    private volatile boolean completed = true;

    /** Sets every field for a new use; returns this for chaining. */
    public IoRequest set(IoOp op, long offsetBytes, int lengthBytes, ByteBuffer buffer, int bufferOffset,
                         int flags, IoCompletion completion) {
        this.op = op;
        this.offsetBytes = offsetBytes;
        this.lengthBytes = lengthBytes;
        this.buffer = buffer;
        this.bufferOffset = bufferOffset;
        this.flags = flags;
        this.completion = completion;
        this.completed = false;
        return this;
    }

    public IoRequest read(long offsetBytes, int lengthBytes, ByteBuffer buffer, int bufferOffset, IoCompletion completion) {
        return set(IoOp.READ, offsetBytes, lengthBytes, buffer, bufferOffset, 0, completion);
    }

    public IoRequest write(long offsetBytes, int lengthBytes, ByteBuffer buffer, int bufferOffset, int flags,
                           IoCompletion completion) {
        return set(IoOp.WRITE, offsetBytes, lengthBytes, buffer, bufferOffset, flags, completion);
    }

    public IoRequest flush(IoCompletion completion) {
        return set(IoOp.FLUSH, 0, 0, null, 0, 0, completion);
    }

    /**
     * Runs the completion with {@code status}. Devices call this exactly once per accepted request;
     * a second call is a device bug and throws {@link IllegalStateException} instead of completing twice.
     */
    public void complete(IoStatus status) {
        if (completed) {
            throw new IllegalStateException("request completed twice: " + this);
        }
        completed = true;
        IoCompletion c = completion;
        if (c != null) {
            c.onComplete(this, status);
        }
    }

    /** True once {@link #complete} has run for the current use (and before the first use). */
    public boolean isCompleted() {
        return completed;
    }

    public IoOp op() {
        return op;
    }

    public long offsetBytes() {
        return offsetBytes;
    }

    public int lengthBytes() {
        return lengthBytes;
    }

    /** First byte after the range. */
    public long endBytes() {
        return offsetBytes + lengthBytes;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int bufferOffset() {
        return bufferOffset;
    }

    public int flags() {
        return flags;
    }

    public boolean isFua() {
        return (flags & FLAG_FUA) != 0;
    }

    public IoCompletion completion() {
        return completion;
    }

    public IoRequest completion(IoCompletion completion) {
        this.completion = completion;
        return this;
    }

    /** Free slot for the submitter (a pooled context object); devices never touch it. */
    public Object attachment() {
        return attachment;
    }

    public IoRequest attachment(Object attachment) {
        this.attachment = attachment;
        return this;
    }

    /** Free numeric slot for the submitter (an index, a cookie); devices never touch it. */
    public long tag() {
        return tag;
    }

    public IoRequest tag(long tag) {
        this.tag = tag;
        return this;
    }

    /** When the request was submitted, on the submitter's clock; for latency accounting. */
    public long submitNanos() {
        return submitNanos;
    }

    public IoRequest submitNanos(long submitNanos) {
        this.submitNanos = submitNanos;
        return this;
    }

    @Override
    public String toString() {
        return op + "[offsetBytes=" + offsetBytes + ", lengthBytes=" + lengthBytes + ", flags=" + flags + "]";
    }
}
