package org.orion.raid.ring;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventTranslatorOneArg;
import com.lmax.disruptor.EventTranslatorThreeArg;
import com.lmax.disruptor.EventTranslatorTwoArg;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * The Disruptor wiring for one array: a multi-producer ring, a phased-backoff wait strategy (spins
 * for 2 microseconds, yields until 4, then blocks: no busy-spinning on two cores; the blocking
 * phase times out every few milliseconds so deferred retries run even when nothing arrives), and one
 * {@link BatchEventProcessor} thread that calls the {@link RingHandler}.
 *
 * <p>Capacity is the caller's to size: the engine bounds client requests and member I/O in flight so
 * that a publisher never waits for a full ring.
 */
public final class RequestRing {
    private static final EventTranslatorOneArg<RingEvent, IoRequest> CLIENT = (e, seq, request) -> {
        e.type = RingEvent.CLIENT_REQUEST;
        e.request = request;
        e.status = null;
    };
    private static final EventTranslatorTwoArg<RingEvent, IoRequest, IoStatus> COMPLETION = (e, seq, request, status) -> {
        e.type = RingEvent.MEMBER_COMPLETION;
        e.request = request;
        e.status = status;
    };
    private static final EventTranslatorThreeArg<RingEvent, Integer, Integer, Void> CONTROL = (e, seq, code, slot, unused) -> {
        e.type = RingEvent.CONTROL;
        e.request = null;
        e.controlCode = code;
        e.slot = slot;
    };

    private static final EventTranslatorThreeArg<RingEvent, IoRequest, IoStatus, FailedRead> RETRY =
            (e, seq, request, status, failed) -> {
                e.type = RingEvent.CLIENT_RETRY;
                e.request = request;
                e.status = status;
                e.slot = failed.slot;
                e.failedDevice = failed.device;
            };

    /** Spin phase ends at 2 us; the yield phase at this many microseconds, then the handler blocks. */
    static final long YIELD_MICROS = 4;

    private final RingBuffer<RingEvent> ring;
    private final BatchEventProcessor<RingEvent> processor;
    private final Thread thread;

    public RequestRing(String arrayName, int capacity, RingHandler handler) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, got " + capacity);
        }
        // Yield for only a few microseconds before blocking: on two busy cores a handler that keeps
        // yielding between events takes time slices from the member and NBD threads feeding it (40 us
        // cost RAID6 sequential writes about a quarter more CPU per request than 4 us; docs/benchmarks.md).
        PhasedBackoffWaitStrategy wait = new PhasedBackoffWaitStrategy(2, YIELD_MICROS, TimeUnit.MICROSECONDS,
                new LiteTimeoutBlockingWaitStrategy(2, TimeUnit.MILLISECONDS));
        this.ring = RingBuffer.createMultiProducer(RingEvent::new, capacity, wait);
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), new Dispatcher(handler));
        this.processor.setExceptionHandler(new Failures(handler));
        ring.addGatingSequences(processor.getSequence());
        this.thread = new Thread(processor, "orion-ring-" + arrayName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Publishes a client request; false if the ring has no free slot (the caller refuses with BUSY). */
    public boolean tryPublishClient(IoRequest request) {
        return ring.tryPublishEvent(CLIENT, request);
    }

    /** Publishes a member completion; waits for a slot (never long: capacity covers everything in flight). */
    public void publishCompletion(IoRequest memberRequest, IoStatus status) {
        ring.publishEvent(COMPLETION, memberRequest, status);
    }

    /**
     * Hands a client read whose direct member read failed back to the handler; waits for a slot
     * like {@link #publishCompletion} (the request is still counted in flight, so the capacity that
     * covers client requests covers it). {@code failed} is the caller's own reusable holder: its
     * fields are copied into the slot before this returns.
     */
    public void publishClientRetry(IoRequest request, IoStatus status, FailedRead failed) {
        ring.publishEvent(RETRY, request, status, failed);
    }

    /** Which member a direct read failed on; a reusable holder so that publishing allocates nothing. */
    public static final class FailedRead {
        public int slot;
        public Object device;
    }

    public void publishControl(int code, int slot) {
        ring.publishEvent(CONTROL, code, slot, null);
    }

    /** Stops the handler thread after it has drained what was published; waits for it. */
    public void halt(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (processor.getSequence().get() < ring.getCursor() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        processor.halt();
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int capacity() {
        return ring.getBufferSize();
    }

    private static final class Dispatcher implements EventHandler<RingEvent> {
        private final RingHandler handler;

        Dispatcher(RingHandler handler) {
            this.handler = handler;
        }

        @Override
        public void onStart() {
            handler.onStart(Thread.currentThread());
        }

        @Override
        public void onEvent(RingEvent event, long sequence, boolean endOfBatch) {
            try {
                switch (event.type) {
                    case RingEvent.CLIENT_REQUEST -> handler.onClientRequest(event.request);
                    case RingEvent.MEMBER_COMPLETION -> handler.onMemberCompletion(event.request, event.status);
                    case RingEvent.CONTROL -> handler.onControl(event.controlCode, event.slot);
                    case RingEvent.CLIENT_RETRY -> handler.onClientRetry(event.request, event.slot, event.status,
                            event.failedDevice);
                    default -> throw new IllegalStateException("unknown ring event type " + event.type);
                }
            } catch (Throwable t) {
                handler.onHandlerFailure(t, event);
            } finally {
                event.clear();
            }
            if (endOfBatch) {
                runIdle();
            }
        }

        @Override
        public void onTimeout(long sequence) {
            runIdle();
        }

        private void runIdle() {
            try {
                handler.onIdle();
            } catch (Throwable t) {
                handler.onHandlerFailure(t, null);
            }
        }
    }

    /** Keeps the processor alive whatever escapes; the handler reports it. */
    private static final class Failures implements ExceptionHandler<RingEvent> {
        private final RingHandler handler;

        Failures(RingHandler handler) {
            this.handler = handler;
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, RingEvent event) {
            handler.onHandlerFailure(ex, event);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            handler.onHandlerFailure(ex, null);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            handler.onHandlerFailure(ex, null);
        }
    }
}
