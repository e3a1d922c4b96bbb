package org.orion.harness.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
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
        String line = requestLine(command, args);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            send(channel, line);
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

    /**
     * Runs a streaming command ({@code monitor}): hands each line to {@code lines} as it arrives,
     * until the kernel ends the stream (its status 0 with an empty body is returned) or refuses the
     * command (its error reply is returned). Interrupting the calling thread ends it too.
     */
    public ControlReply stream(String command, List<String> args, Consumer<String> lines) {
        String line = requestLine(command, args);
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            send(channel, line);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8));
            String status = in.readLine();
            if (status == null) {
                throw new OrionException(ErrorCode.IO, "the running kernel closed the control socket " + socketPath
                        + " without answering: check its log");
            }
            if (Integer.parseInt(status.trim()) != 0) {
                StringBuilder body = new StringBuilder();
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    body.append(l).append('\n');
                }
                return new ControlReply(Integer.parseInt(status.trim()), body.toString());
            }
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines.accept(l);
            }
            return ControlReply.ok("");
        } catch (ClosedByInterruptException e) {
            return ControlReply.ok("");
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot talk to the running kernel on " + socketPath + ": "
                    + e.getMessage(), e);
        }
    }

    private static String requestLine(String command, List<String> args) {
        StringBuilder line = new StringBuilder(command);
        for (String a : args) {
            if (a.indexOf('\t') >= 0 || a.indexOf('\n') >= 0) {
                throw new OrionException(ErrorCode.USAGE, "argument '" + a + "' contains a tab or newline");
            }
            line.append('\t').append(a);
        }
        return line.append('\n').toString();
    }

    private static void send(SocketChannel channel, String line) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
