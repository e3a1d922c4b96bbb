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
    /** A client read whose direct member read failed: served again by the handler ({@link #slot} failed with {@link #status}). */
    public static final int CLIENT_RETRY = 4;

    int type;
    IoRequest request;
    IoStatus status;
    int controlCode;
    int slot;
    /** CLIENT_RETRY: the member device whose read failed. */
    Object failedDevice;

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

    public Object failedDevice() {
        return failedDevice;
    }

    void clear() {
        request = null;
        status = null;
        failedDevice = null;
    }
}
