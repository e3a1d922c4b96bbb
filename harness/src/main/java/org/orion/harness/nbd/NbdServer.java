package org.orion.harness.nbd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.spi.LargePageMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NBD server (fixed newstyle, structured replies, {@code base:allocation}) exporting any
 * {@link org.orion.driver.api.block.BlockDevice} by name, to qemu, libnbd tools (nbdcopy, nbdinfo,
 * nbdfuse), fio and the Linux nbd client.
 *
 * <pre>
 *   try (NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0)
 *           .export("md0", array, false, "RAID6").build().start()) {
 *       // nbd://127.0.0.1:{server.boundPort()}/md0
 *   }
 * </pre>
 *
 * <p>Exports can be added and removed while the server runs. Removing one, like closing the
 * server, tells its clients ESHUTDOWN, gives them the shutdown grace to disconnect, then closes
 * their sockets and waits until the device has completed every request it was given: after
 * {@link #removeExport} or {@link #close()} returns, the caller may close the device.
 *
 * <p>Threads: one acceptor thread; per connection a reader and a loop thread (see
 * {@link Connection}). Every public method is thread-safe. The server never closes a device.
 */
public final class NbdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NbdServer.class);
    /** Extra wait, after the force-close, for connections to report their device work drained. */
    private static final long END_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(70);

    private final InetSocketAddress tcpAddress;
    private final Path unixPath;
    private final ExportRegistry registry;
    private final int maxInFlight;
    private final long bufferBudgetBytes;
    private final LargePageMemory largePages;
    private final long shutdownGraceNanos;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionIds = new AtomicLong();
    private final ServerContext context = new Context();
    private volatile boolean shuttingDown;
    private Acceptor acceptor;
    private boolean started;

    NbdServer(InetSocketAddress tcpAddress, Path unixPath, ExportRegistry registry, int maxInFlight,
              long bufferBudgetBytes, LargePageMemory largePages, long shutdownGraceNanos) {
        this.tcpAddress = tcpAddress;
        this.unixPath = unixPath;
        this.registry = registry;
        this.maxInFlight = maxInFlight;
        this.bufferBudgetBytes = bufferBudgetBytes;
        this.largePages = largePages;
        this.shutdownGraceNanos = shutdownGraceNanos;
    }

    public static NbdServerBuilder builder() {
        return new NbdServerBuilder();
    }

    /**
     * Binds the listening sockets and starts accepting.
     *
     * @throws OrionException CONFLICT if an address is in use
     */
    public synchronized NbdServer start() {
        if (started) {
            throw new IllegalStateException("NBD server already started");
        }
        try {
            Acceptor a = new Acceptor(this::accepted);
            try {
                if (tcpAddress != null) {
                    a.listenTcp(tcpAddress);
                }
                if (unixPath != null) {
                    a.listenUnix(unixPath);
                }
            } catch (IOException | RuntimeException e) {
                a.stop();
                throw e;
            }
            acceptor = a;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the NBD server: " + e.getMessage(), e);
        }
        started = true;
        acceptor.start();
        LOG.info("nbd server listening on {}{} with exports {}",
                tcpAddress == null ? "" : tcpAddress.getAddress().getHostAddress() + ":" + acceptor.tcpPort(),
                unixPath == null ? "" : (tcpAddress == null ? "" : " and ") + "unix:" + acceptor.unixPath(),
                registry.all().stream().map(LiveExport::name).toList());
        return this;
    }

    /** The TCP port listened on (the chosen one when built with port 0). */
    public synchronized int boundPort() {
        if (acceptor == null || acceptor.tcpPort() < 0) {
            throw new IllegalStateException("the NBD server is not listening on TCP");
        }
        return acceptor.tcpPort();
    }

    /** The Unix socket listened on, if any. */
    public synchronized Optional<Path> unixSocket() {
        return acceptor == null ? Optional.empty() : Optional.ofNullable(acceptor.unixPath());
    }

    /** Offers another export; clients see it from their next handshake on. */
    public void addExport(NbdExport export) {
        registry.add(export);
        LOG.info("nbd export '{}' added ({} bytes{})", export.name(), export.device().info().capacityBytes(),
                export.readOnly() ? ", read-only" : "");
    }

    /**
     * Stops offering an export and ends its connections (ESHUTDOWN, grace, close), returning once
     * the device has completed everything they submitted. False if there was no such export.
     */
    public boolean removeExport(String name) {
        Optional<LiveExport> removed = registry.remove(name);
        if (removed.isEmpty()) {
            return false;
        }
        List<Connection> users = removed.get().markRemoved();
        endConnections(users);
        LOG.info("nbd export '{}' removed ({} connection(s) ended)", name, users.size());
        return true;
    }

    public List<NbdExport> exports() {
        return registry.all().stream().map(l -> l.export).toList();
    }

    /** Connections open now, in the handshake or transmitting. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Stops accepting, answers options with ERR_SHUTDOWN and requests with ESHUTDOWN, lets requests
     * in flight finish, closes every connection after the grace period, and returns once the
     * devices have completed everything. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (shuttingDown) {
                return;
            }
            shuttingDown = true;
        }
        if (acceptor != null) {
            acceptor.stop();
        }
        List<Connection> open = List.copyOf(connections);
        endConnections(open);
        LOG.info("nbd server stopped ({} connection(s) ended)", open.size());
    }

    private void endConnections(List<Connection> ending) {
        for (Connection c : ending) {
            c.shutdown();
        }
        awaitEnded(ending, shutdownGraceNanos);
        for (Connection c : ending) {
            if (connections.contains(c)) {
                c.forceClose();
            }
        }
        if (!awaitEnded(ending, END_TIMEOUT_NANOS)) {
            LOG.warn("nbd: some connections did not end within {} s after being closed",
                    TimeUnit.NANOSECONDS.toSeconds(END_TIMEOUT_NANOS));
        }
    }

    private synchronized boolean awaitEnded(List<Connection> ending, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (ending.stream().anyMatch(connections::contains)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void accepted(SocketChannel channel, String peer) {
        long id = connectionIds.incrementAndGet();
        Connection connection = new Connection(id, peer, channel, context);
        connections.add(connection);
        Thread t = new Thread(connection, "orion-nbd-" + id);
        t.setDaemon(true);
        t.start();
    }

    /** The view a connection has of its server. */
    private final class Context implements ServerContext {
        @Override
        public ExportRegistry registry() {
            return registry;
        }

        @Override
        public boolean isShuttingDown() {
            return shuttingDown;
        }

        @Override
        public int maxInFlight() {
            return maxInFlight;
        }

        @Override
        public long bufferBudgetBytes() {
            return bufferBudgetBytes;
        }

        @Override
        public LargePageMemory largePages() {
            return largePages;
        }

        @Override
        public void connectionEnded(Connection connection) {
            synchronized (NbdServer.this) {
                connections.remove(connection);
                NbdServer.this.notifyAll();
            }
        }
    }

    @Override
    public String toString() {
        return "NbdServer" + (acceptor == null ? "" : "[port " + acceptor.tcpPort() + "]");
    }
}
