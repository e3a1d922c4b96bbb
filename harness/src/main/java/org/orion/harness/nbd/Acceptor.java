package org.orion.harness.nbd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets (TCP, a Unix socket, or both) and the one thread that accepts on them
 * through a selector. Accepted sockets are switched to blocking mode and handed on; TCP ones get
 * TCP_NODELAY, since replies are already batched by the {@link ReplyWriter}.
 *
 * <p>A Unix socket file left behind by a server that died is replaced; one that still answers is
 * refused as in use. The file is removed again when the acceptor stops.
 */
final class Acceptor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);
    private static final int BACKLOG = 64;

    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final BiConsumer<SocketChannel, String> onAccept;
    private Path unixPath;
    private int tcpPort = -1;
    private Thread thread;

    Acceptor(BiConsumer<SocketChannel, String> onAccept) throws IOException {
        this.onAccept = onAccept;
        this.selector = Selector.open();
    }

    void listenTcp(InetSocketAddress address) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, BACKLOG);
        } catch (IOException e) {
            server.close();
            throw new OrionException(ErrorCode.CONFLICT, "cannot listen for NBD on " + address.getHostString() + ":"
                    + address.getPort() + " (" + e.getMessage() + "): stop what uses the port or pick another", e);
        }
        tcpPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
        register(server);
    }

    void listenUnix(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (!isSocket(absolute)) {
                throw new OrionException(ErrorCode.CONFLICT, "cannot listen for NBD on " + absolute
                        + ": a file that is not a socket is in the way; remove it or pick another path");
            }
            if (answers(absolute)) {
                throw new OrionException(ErrorCode.CONFLICT, "cannot listen for NBD on " + absolute
                        + ": another server answers there; stop it or pick another path");
            }
            Files.delete(absolute); // a socket file left by a server that is gone
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(absolute), BACKLOG);
        } catch (IOException e) {
            server.close();
            throw new OrionException(ErrorCode.CONFLICT, "cannot listen for NBD on " + absolute + " ("
                    + e.getMessage() + "): check that the directory exists and is writable", e);
        }
        unixPath = absolute;
        register(server);
    }

    int tcpPort() {
        return tcpPort;
    }

    Path unixPath() {
        return unixPath;
    }

    void start() {
        thread = new Thread(this, "orion-nbd-acceptor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops accepting, closes the listening sockets and removes the Unix socket file. */
    void stop() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing a selector does not fail in practice
        }
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // the socket is gone either way
            }
        }
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                LOG.warn("nbd: could not remove Unix socket {}: {}", unixPath, e.getMessage());
            }
        }
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        try {
            while (selector.isOpen()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    accept((ServerSocketChannel) key.channel());
                }
                selector.selectedKeys().clear();
            }
        } catch (ClosedSelectorException | IOException e) {
            // stop() closed the selector
        }
    }

    private void accept(ServerSocketChannel server) {
        SocketChannel client;
        try {
            client = server.accept();
        } catch (IOException e) {
            return; // the client gave up before we accepted; nothing to do
        }
        if (client == null) {
            return;
        }
        String peer;
        try {
            client.configureBlocking(true);
            if (client.getLocalAddress() instanceof InetSocketAddress) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                peer = String.valueOf(client.getRemoteAddress());
            } else {
                peer = "unix:" + unixPath;
            }
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        onAccept.accept(client, peer);
    }

    private void register(ServerSocketChannel server) throws IOException {
        listeners.add(server);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    private static boolean isSocket(Path path) throws IOException {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000; // S_IFSOCK
    }

    private static boolean answers(Path path) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return probe.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
