package org.orion.raid.stripe;

import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Member completions that arrived on the handler thread itself (a device that completes inside
 * {@code submit}). They are queued and run after the current step instead of recursing into the
 * state machines, and instead of publishing into the ring the handler itself drains (which could
 * wait forever on a full ring). A growable array FIFO: it allocates only while growing.
 */
final class CompletionQueue {
    private IoRequest[] requests = new IoRequest[256];
    private IoStatus[] statuses = new IoStatus[256];
    private int head;
    private int size;

    void add(IoRequest request, IoStatus status) {
        if (size == requests.length) {
            grow();
        }
        int tail = (head + size) & (requests.length - 1);
        requests[tail] = request;
        statuses[tail] = status;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    IoRequest peekRequest() {
        return requests[head];
    }

    IoStatus peekStatus() {
        return statuses[head];
    }

    void pop() {
        requests[head] = null;
        statuses[head] = null;
        head = (head + 1) & (requests.length - 1);
        size--;
    }

    private void grow() {
        IoRequest[] r = new IoRequest[requests.length * 2];
        IoStatus[] s = new IoStatus[requests.length * 2];
        for (int i = 0; i < size; i++) {
            r[i] = requests[(head + i) & (requests.length - 1)];
            s[i] = statuses[(head + i) & (requests.length - 1)];
        }
        requests = r;
        statuses = s;
        head = 0;
    }
}
