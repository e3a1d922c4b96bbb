package org.orion.harness.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The client's request stream with read-ahead: one {@code read} system call takes in whatever the
 * socket holds (up to {@value #READ_AHEAD_BYTES} bytes), so a client that keeps 32 small requests
 * in flight costs one system call per burst of headers instead of one per header. Large payloads
 * bypass the read-ahead and are read straight into their destination, so they are not copied twice.
 *
 * <pre>
 *   socket ──read()──► [ consumed | buffered ........ | free ]   header, small payload: copied out
 *          ──read()──────────────────────────────────────────►  large payload: into its own buffer
 * </pre>
 *
 * <p>Threads: the connection's reader thread only. Allocates nothing after construction.
 */
final class InboundStream {
    /** Enough for a few hundred request headers, or a handful of small writes with their payloads. */
    static final int READ_AHEAD_BYTES = 64 * 1024;

    private final ReadableByteChannel channel;
    /** Between position and limit: bytes received and not yet consumed. */
    private final ByteBuffer ahead = ByteBuffer.allocateDirect(READ_AHEAD_BYTES).limit(0);

    InboundStream(ReadableByteChannel channel) {
        this.channel = channel;
    }

    /** Fills {@code target} from its position to its limit, or throws {@link EOFException} if the peer closed. */
    void readFully(ByteBuffer target) throws IOException {
        take(target);
        if (!target.hasRemaining()) {
            return;
        }
        if (target.remaining() >= READ_AHEAD_BYTES / 2) {
            Wire.readFully(channel, target); // large: straight into place
            return;
        }
        while (target.hasRemaining()) {
            fill();
            take(target);
        }
    }

    /** Reads and drops {@code bytes} bytes. */
    void skip(long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            if (!ahead.hasRemaining()) {
                fill();
            }
            int n = (int) Math.min(left, ahead.remaining());
            ahead.position(ahead.position() + n);
            left -= n;
        }
    }

    /** Copies what is buffered (as much as fits) into {@code target}. */
    private void take(ByteBuffer target) {
        int n = Math.min(target.remaining(), ahead.remaining());
        if (n == 0) {
            return;
        }
        target.put(target.position(), ahead, ahead.position(), n);
        target.position(target.position() + n);
        ahead.position(ahead.position() + n);
    }

    /** Waits for at least one more byte; the buffer is empty when called. */
    private void fill() throws IOException {
        ahead.clear();
        int n;
        do {
            n = channel.read(ahead);
        } while (n == 0);
        ahead.flip();
        if (n < 0) {
            throw new EOFException("the client closed the connection");
        }
    }
}
