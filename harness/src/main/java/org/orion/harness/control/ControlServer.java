package org.orion.harness.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the control socket and dispatches each request line to its registered
 * {@link ControlHandler}. A second kernel on the same socket is refused (the socket answers); a
 * stale socket file left by a killed kernel is replaced.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** Longest request line accepted; longer ones are a client bug. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Path socketPath;
    private final Map<String, ControlHandler> handlers = new ConcurrentHashMap<>();
    private final Map<String, StreamingHandler> streams = new ConcurrentHashMap<>();
    private ServerSocketChannel server;
    private Thread acceptor;
    private volatile boolean closed;

    public ControlServer(Path socketPath) {
        this.socketPath = socketPath.toAbsolutePath();
    }

    public ControlServer handle(String command, ControlHandler handler) {
        handlers.put(command, handler);
        return this;
    }

    /** Registers a command that answers with a stream of lines (see {@link StreamingHandler}). */
    public ControlServer handleStream(String command, StreamingHandler handler) {
        streams.put(command, handler);
        return this;
    }

    public Path socketPath() {
        return socketPath;
    }

    public synchronized ControlServer start() {
        try {
            Files.createDirectories(socketPath.getParent());
            if (Files.exists(socketPath)) {
                if (ControlClient.isAnswering(socketPath)) {
                    throw new OrionException(ErrorCode.CONFLICT, "another orion kernel is already running on "
                            + socketPath + ": stop it first (orion --stop, or kill its process)");
                }
                Files.delete(socketPath); // left behind by a kernel that was killed
            }
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath));
            Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot open the control socket " + socketPath + ": " + e.getMessage()
                    + " (check that its directory is writable)", e);
        }
        acceptor = new Thread(this::acceptLoop, "orion-control");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("control socket listening at {}", socketPath);
        return this;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "orion-control-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket accept failed: {}", e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            String line = readLine(channel);
            String command = line.split("\t", -1)[0];
            StreamingHandler streaming = streams.get(command);
            ControlReply reply = streaming == null ? dispatch(line) : serveStream(streaming, line, channel);
            if (reply == null) {
                return;
            }
            byte[] out = (reply.status() + "\n" + reply.body()).getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(out);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            LOG.debug("control client went away: {}", e.getMessage());
        }
    }

    /** Runs a streaming command; the error reply if it refused before accepting, else null. */
    private ControlReply serveStream(StreamingHandler handler, String line, SocketChannel channel) throws IOException {
        List<String> words = Arrays.asList(line.split("\t", -1));
        ControlStream stream = new ControlStream(channel);
        try {
            handler.stream(words.subList(1, words.size()), stream);
            return null;
        } catch (OrionException e) {
            if (stream.accepted()) {
                LOG.warn("control stream '{}' ended: {}", words.get(0), e.getMessage());
                return null;
            }
            return new ControlReply(e.code().exitCode(), "orion: " + e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.error("control stream '{}' failed", words.get(0), e);
            return stream.accepted() ? null : new ControlReply(ErrorCode.INTERNAL.exitCode(),
                    "orion: internal error in the running kernel: " + e + "\n");
        }
    }

    ControlReply dispatch(String line) {
        if (line == null || line.isEmpty()) {
            return new ControlReply(ErrorCode.USAGE.exitCode(), "orion: empty control request\n");
        }
        List<String> words = Arrays.asList(line.split("\t", -1));
        ControlHandler handler = handlers.get(words.get(0));
        if (handler == null) {
            return new ControlReply(ErrorCode.USAGE.exitCode(), "orion: the running kernel does not know the command '"
                    + words.get(0) + "' (is it an older version?)\n");
        }
        try {
            return handler.handle(words.subList(1, words.size()));
        } catch (OrionException e) {
            return new ControlReply(e.code().exitCode(), "orion: " + e.getMessage() + "\n");
        } catch (RuntimeException e) {
            LOG.error("control command '{}' failed", words.get(0), e);
            return new ControlReply(ErrorCode.INTERNAL.exitCode(), "orion: internal error in the running kernel: " + e
                    + "\n");
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        var in = Channels.newInputStream(channel);
        StringBuilder line = new StringBuilder();
        byte[] one = new byte[1];
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (bytes.size() < MAX_REQUEST_BYTES) {
            int n = in.read(one);
            if (n < 0 || one[0] == '\n') {
                break;
            }
            bytes.write(one[0]);
        }
        line.append(bytes.toString(StandardCharsets.UTF_8));
        return line.toString();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
