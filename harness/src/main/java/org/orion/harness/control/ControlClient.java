package org.orion.harness.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** Sends one command to a running kernel over its control socket. */
public final class ControlClient {
    private final Path socketPath;

    private ControlClient(Path socketPath) {
        this.socketPath = socketPath;
    }

    /** A client if a kernel answers on {@code socketPath}, empty when none runs (offline mode). */
    public static Optional<ControlClient> connectIfRunning(Path socketPath) {
        return isAnswering(socketPath) ? Optional.of(new ControlClient(socketPath)) : Optional.empty();
    }

    static boolean isAnswering(Path socketPath) {
        if (!Files.exists(socketPath)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            channel.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code command} with {@code args} in the running kernel. */
    public ControlReply call(String command, List<String> args) {
        StringBuilder line = new StringBuilder(command);
        for (String a : args) {
            if (a.indexOf('\t') >= 0 || a.indexOf('\n') >= 0) {
                throw new OrionException(ErrorCode.USAGE, "argument '" + a + "' contains a tab or newline");
            }
            line.append('\t').append(a);
        }
        line.append('\n');
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            ByteBuffer out = ByteBuffer.wrap(line.toString().getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            String reply = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            int newline = reply.indexOf('\n');
            if (newline < 0) {
                throw new OrionException(ErrorCode.IO, "the running kernel closed the control socket " + socketPath
                        + " without answering: check its log");
            }
            return new ControlReply(Integer.parseInt(reply.substring(0, newline).trim()), reply.substring(newline + 1));
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot talk to the running kernel on " + socketPath + ": "
                    + e.getMessage(), e);
        }
    }
}
