package org.orion.harness.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The client connection a {@link StreamingHandler} writes to. The wire shape is the reply's:
 *
 * <pre>
 *   "0\n"            accept(): the command was accepted (an error reply instead if the handler threw first)
 *   "line\n" ...     writeLine(), as long as the handler runs
 *   (close)          when the handler returns, or the client closes its end
 * </pre>
 * Used only by the connection's thread.
 */
public final class ControlStream {
    private final SocketChannel channel;
    private final ByteBuffer probe = ByteBuffer.allocate(256);
    private boolean accepted;

    ControlStream(SocketChannel channel) {
        this.channel = channel;
    }

    /** Tells the client the command was accepted (status 0); lines follow. */
    public void accept() throws IOException {
        if (!accepted) {
            accepted = true;
            write("0\n");
        }
    }

    boolean accepted() {
        return accepted;
    }

    /** Writes one line (a newline is added; {@code line} must not contain one). */
    public void writeLine(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a stream line must not contain a newline");
        }
        write(line + "\n");
    }

    /**
     * True if the client closed its end (or the connection broke). Looks without blocking; anything
     * the client sent after its request line is read and ignored.
     */
    public boolean clientGone() {
        try {
            channel.configureBlocking(false);
            try {
                int n;
                do {
                    probe.clear();
                    n = channel.read(probe);
                } while (n > 0);
                return n < 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    private void write(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
