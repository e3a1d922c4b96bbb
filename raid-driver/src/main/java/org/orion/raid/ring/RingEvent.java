package org.orion.raid.ring;

import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * One pre-allocated ring slot. Its fields are overwritten by a translator at publish time and read
 * by the handler; {@link #clear()} drops references so slots do not keep requests alive.
 */
public final class RingEvent {
    public static final int CLIENT_REQUEST = 1;
    public static final int MEMBER_COMPLETION = 2;
    public static final int CONTROL = 3;

    int type;
    IoRequest request;
    IoStatus status;
    int controlCode;
    int slot;

    public int type() {
        return type;
    }

    public IoRequest request() {
        return request;
    }

    public IoStatus status() {
        return status;
    }

    public int controlCode() {
        return controlCode;
    }

    public int slot() {
        return slot;
    }

    void clear() {
        request = null;
        status = null;
    }
}
