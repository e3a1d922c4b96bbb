package org.orion.harness.nbd;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * The second thread of a connection: it continues requests after device completions (the next
 * step of a plan, a lock that was granted, a retry after BUSY) and writes every reply through the
 * {@link ReplyWriter}, then gives the exchange and its buffer back.
 *
 * <p>Why a thread and not a lock around the socket: completions run on device threads (a RAID
 * ring handler, a disk's I/O thread), and a socket write can block for as long as the client
 * does not read. A completion here only stores its status and queues the exchange, a few hundred
 * nanoseconds under a monitor held by nobody for longer, so a slow client never stalls a device.
 *
 * <p>The queue is an array as large as the exchange pool: an exchange is queued at most once at a
 * time (it is queued only while it waits for nothing else), so it never fills and queueing never
 * blocks or allocates. The loop parks when the queue is empty and is unparked by whoever queues.
 *
 * <p>BUSY: a device that refuses with BUSY is offered the request again after
 * {@value #BUSY_RETRY_NANOS} ns, while other replies keep flowing.
 */
final class ConnectionLoop implements Runnable {
    private static final long BUSY_RETRY_NANOS = 100_000;
    private static final long IDLE_PARK_NANOS = 50_000_000;

    private final Exchange[] queue;
    private int head;
    private int count;
    private final ArrayDeque<Exchange> busy;
    private volatile Thread thread;
    private volatile boolean parked;
    private volatile boolean stopping;
    private volatile boolean failPending;

    private ReplyWriter writer;
    private ExchangePool exchanges;
    private BufferPool buffers;

    ConnectionLoop(int capacity) {
        queue = new Exchange[capacity];
        busy = new ArrayDeque<>(capacity);
    }

    /** Connects the loop to its connection's writer and pools; before {@link #run}. */
    void bind(ReplyWriter replyWriter, ExchangePool exchangePool, BufferPool bufferPool) {
        this.writer = replyWriter;
        this.exchanges = exchangePool;
        this.buffers = bufferPool;
    }

    /** Queues an exchange for the loop; any thread, never blocks. */
    void wake(Exchange exchange) {
        synchronized (this) {
            if (count == queue.length) {
                throw new IllegalStateException("connection loop queue overflow: an exchange was queued twice");
            }
            queue[(head + count) % queue.length] = exchange;
            count++;
        }
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Asks the loop to end once every exchange is back in the pool. With {@code failBusy}, requests
     * still waiting to be retried after BUSY are answered ESHUTDOWN instead.
     */
    void stop(boolean failBusy) {
        failPending = failBusy;
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        for (;;) {
            Exchange ex = poll();
            if (ex != null) {
                handle(ex);
                continue;
            }
            writer.flush();
            if (!busy.isEmpty()) {
                if (failPending) {
                    failBusy();
                } else {
                    waitForWork(BUSY_RETRY_NANOS);
                    retryBusy();
                }
                continue;
            }
            if (stopping && exchanges.inFlight() == 0) {
                return;
            }
            waitForWork(IDLE_PARK_NANOS);
        }
    }

    private void handle(Exchange ex) {
        int outcome = ex.resume();
        if (outcome == Exchange.READY_TO_REPLY) {
            writer.reply(ex);
            release(ex);
        } else if (outcome == Exchange.REFUSED_BUSY) {
            busy.addLast(ex);
        }
    }

    private void retryBusy() {
        for (int n = busy.size(); n > 0; n--) {
            handle(busy.pollFirst());
        }
    }

    private void failBusy() {
        while (!busy.isEmpty()) {
            Exchange ex = busy.pollFirst();
            ex.fail(NbdProtocol.ESHUTDOWN, RequestReader.MSG_SHUTDOWN);
            handle(ex);
        }
    }

    private void release(Exchange ex) {
        if (ex.buffer != null) {
            ex.buffer.clear();
            buffers.give(ex.buffer);
            ex.buffer = null;
        }
        exchanges.give(ex);
    }

    private synchronized Exchange poll() {
        if (count == 0) {
            return null;
        }
        Exchange ex = queue[head];
        queue[head] = null;
        head = (head + 1) % queue.length;
        count--;
        return ex;
    }

    /** Exchanges queued and not yet taken by the loop (for tests and diagnostics). */
    synchronized int queued() {
        return count;
    }

    private synchronized boolean isEmpty() {
        return count == 0;
    }

    private void waitForWork(long nanos) {
        parked = true;
        try {
            if (isEmpty()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            parked = false;
        }
    }
}
