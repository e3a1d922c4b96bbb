package org.orion.driver.api.io;

/**
 * Called exactly once for every request a device accepted. It may run on any thread, including the
 * submitter's before {@code submit} returns, so it must be short and must not block. After it
 * returns, the device no longer touches the request or its buffer, and the submitter may reuse both.
 */
@FunctionalInterface
public interface IoCompletion {
    void onComplete(IoRequest request, IoStatus status);
}
