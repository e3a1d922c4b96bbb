package org.orion.harness.nbd;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, then the transmission phase with a reader thread (this
 * {@link Runnable}) and a {@link ConnectionLoop} thread, then the teardown.
 *
 * <pre>
 *   reader thread:  Handshake ─► RequestReader: header ─► checks ─► payload ─► device.submit ─┐
 *                                                                                              │
 *   device threads:                                 completion: store status, queue exchange ◄┘
 *                                                                                              │
 *   loop thread:    ConnectionLoop: next step / retry BUSY / ReplyWriter ─► socket ◄───────────┘
 * </pre>
 *
 * <p>Ending: after DISC the reader waits until every request in flight has been answered, then
 * closes. After a bad request magic it closes at once (the device work in flight still finishes;
 * its replies are dropped). {@link #shutdown()} makes new requests and options get ESHUTDOWN;
 * {@link #forceClose()} closes the socket, which ends both threads. Either way the reader waits
 * for the device to complete what was submitted before it reports the connection ended, so
 * whoever closes the device afterwards never pulls it from under a request.
 *
 * <p>Logs one line when the transmission phase starts and one when the connection ends.
 */
final class Connection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** How long the teardown waits for the device to complete requests in flight. */
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    final long id;
    final String peer;
    private final SocketChannel channel;
    private final ServerContext server;
    private volatile boolean shuttingDown;
    private volatile boolean forced;
    private volatile ExchangePool exchanges;
    private volatile BufferPool buffers;
    private volatile LiveExport export;
    private volatile Thread loopThread;

    Connection(long id, String peer, SocketChannel channel, ServerContext server) {
        this.id = id;
        this.peer = peer;
        this.channel = channel;
        this.server = server;
    }

    boolean isShuttingDown() {
        return shuttingDown || server.isShuttingDown();
    }

    /** From now on options get ERR_SHUTDOWN and requests ESHUTDOWN; requests in flight finish. */
    void shutdown() {
        shuttingDown = true;
    }

    /** Closes the socket now; both threads end, after the device completed what it was given. */
    void forceClose() {
        shuttingDown = true;
        forced = true;
        closeQuietly();
        ExchangePool e = exchanges;
        if (e != null) {
            e.close();
        }
        BufferPool b = buffers;
        if (b != null) {
            b.close();
        }
    }

    @Override
    public void run() {
        String reason = "internal error";
        try {
            Session session = new Handshake(channel, server.registry(), this::isShuttingDown).run();
            if (session == null) {
                reason = "the client sent ABORT during the handshake";
            } else if (!session.export().attach(this)) {
                reason = "export '" + session.export().name() + "' was removed during the handshake";
            } else {
                export = session.export();
                reason = transmit(session);
            }
        } catch (HardDisconnect e) {
            reason = "protocol violation in the handshake: " + e.getMessage();
        } catch (IOException e) {
            reason = isShuttingDown() ? "closed by the server" : "connection lost during the handshake (" + e + ")";
        } catch (RuntimeException | Error e) {
            reason = "internal error: " + e;
            LOG.error("nbd connection {}: internal error", id, e);
        } finally {
            closeQuietly();
            LiveExport e = export;
            if (e != null) {
                e.detach(this);
            }
            LOG.info("nbd connection {} from {} closed: {}", id, peer, reason);
            server.connectionEnded(this);
        }
    }

    private String transmit(Session session) {
        int depth = server.maxInFlight();
        ConnectionLoop loop = new ConnectionLoop(depth);
        ExchangePool pool = new ExchangePool(depth, loop);
        BufferPool bufferPool = new BufferPool(server.bufferBudgetBytes(), server.largePages());
        ReplyWriter writer = new ReplyWriter(channel);
        writer.structuredReplies(session.structuredReplies());
        loop.bind(writer, pool, bufferPool);
        exchanges = pool;
        buffers = bufferPool;
        if (forced) {
            pool.close(); // forceClose ran before the pools existed
            bufferPool.close();
        }
        Thread t = new Thread(loop, "orion-nbd-" + id + "-tx");
        t.setDaemon(true);
        loopThread = t;
        t.start();
        LOG.info("nbd connection {} from {}: serving export '{}' ({} bytes{}, {} replies, flags 0x{})", id, peer,
                session.export().name(), session.export().info().capacityBytes(),
                session.export().export.readOnly() ? ", read-only" : "",
                session.structuredReplies() ? "structured" : "simple", Integer.toHexString(session.transmissionFlags()));
        RequestReader reader = new RequestReader(channel, session, pool, bufferPool, loop, this::isShuttingDown);
        RequestReader.End end;
        String reason;
        try {
            end = reader.run();
            reason = switch (end) {
                case DISCONNECT -> "the client disconnected (DISC)";
                case BAD_MAGIC -> "bad request magic 0x" + Integer.toHexString(reader.badMagic()) + ": hard disconnect";
                default -> "closed by the server";
            };
        } catch (IOException e) {
            end = isShuttingDown() ? RequestReader.End.STOPPED : RequestReader.End.CLOSED;
            reason = end == RequestReader.End.STOPPED ? "closed by the server" : "the client closed the connection";
        }
        if (end == RequestReader.End.BAD_MAGIC) {
            closeQuietly();
        }
        // After DISC the loop still answers everything (and retries BUSY); otherwise nobody is
        // listening, so requests still waiting for a BUSY device are dropped as ESHUTDOWN.
        loop.stop(end != RequestReader.End.DISCONNECT);
        boolean drained = pool.awaitAllReturned(DRAIN_TIMEOUT_NANOS);
        joinQuietly(t);
        bufferPool.close();
        if (!drained) {
            reason += "; the device did not complete every request within "
                    + TimeUnit.NANOSECONDS.toSeconds(DRAIN_TIMEOUT_NANOS) + " s";
        }
        return reason;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(TimeUnit.NANOSECONDS.toMillis(DRAIN_TIMEOUT_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do for a socket that fails to close
        }
    }
}
