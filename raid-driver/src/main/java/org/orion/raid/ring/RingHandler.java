package org.orion.raid.ring;

import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * What the ring's single consumer does with each kind of event. Implemented by the stripe engine;
 * every method runs on the handler thread.
 */
public interface RingHandler {
    void onClientRequest(IoRequest request);

    /**
     * A client read that was sent straight to a member (bypassing the ring) failed there with
     * {@code status}: serve it the full way. {@code failedDevice} is the member device that failed,
     * so a slot whose member has changed since is not blamed.
     */
    void onClientRetry(IoRequest request, int failedSlot, IoStatus status, Object failedDevice);

    void onMemberCompletion(IoRequest memberRequest, IoStatus status);

    void onControl(int controlCode, int slot);

    /** Called after each batch of events and on wait timeouts: run deferred work (retries, queued ops). */
    void onIdle();

    /** A handler method threw: fail what can be failed and report; never rethrow. */
    void onHandlerFailure(Throwable failure, RingEvent event);

    /** The handler thread is starting; remember it to recognise inline completions. */
    void onStart(Thread handlerThread);
}
