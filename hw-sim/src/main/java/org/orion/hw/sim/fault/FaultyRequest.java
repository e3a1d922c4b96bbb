package org.orion.hw.sim.fault;

import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.sim.CompletionScheduler;

/**
 * The state of one request passing through a {@link FaultyBlockDevice}: the caller's request, the
 * request sent to the wrapped device (the caller's own must not be altered, and its completion
 * belongs to the caller), and the faults decided for it. Pooled by the device, so a request that
 * meets no fault allocates nothing.
 *
 * <p>Threads: owned by the submitting thread until the inner request is submitted, then by whichever
 * thread completes it, then by the timer if its completion is delayed.
 */
final class FaultyRequest implements IoCompletion, CompletionScheduler.Task {
    final FaultyBlockDevice device;
    final IoRequest inner = new IoRequest();
    FaultyRequest nextFree;

    IoRequest outer;
    long operation;
    /** Where the data actually goes (differs from the caller's offset for a misdirected write). */
    long targetOffsetBytes;
    IoStatus status;
    long extraNanos;
    long timeoutNanos;
    int timeoutFault;
    int flipFault;
    int lostFault;
    int misdirectedFault;
    /** Bit i set: this request used up once-trigger i, to be given back if the inner device refuses. */
    long consumedOnce;

    FaultyRequest(FaultyBlockDevice device) {
        this.device = device;
    }

    void begin(IoRequest request, long operationNumber) {
        outer = request;
        operation = operationNumber;
        targetOffsetBytes = request.offsetBytes();
        status = IoStatus.OK;
        extraNanos = 0;
        timeoutNanos = -1;
        timeoutFault = -1;
        flipFault = -1;
        lostFault = -1;
        misdirectedFault = -1;
        consumedOnce = 0;
    }

    @Override
    public void onComplete(IoRequest request, IoStatus innerStatus) {
        device.innerCompleted(this, innerStatus);
    }

    @Override
    public void runDue() {
        device.finish(this, status);
    }

    @Override
    public void cancelled() {
        device.finish(this, IoStatus.ABORTED);
    }

    @Override
    public String toString() {
        return "operation " + operation + " " + outer;
    }
}
