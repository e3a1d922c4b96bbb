package org.orion.driver.api.io;

/**
 * The outcome of a request. Codes are stable (they travel in logs, events and JSON) and are never
 * renumbered. A media error is data, not an exception: a RAID layer reacts to it.
 */
public enum IoStatus {
    /** Done as asked. */
    OK(0),
    /** The medium could not read or write the range (an unreadable sector, a failed write). */
    MEDIA_ERROR(1),
    /** The device did not answer in time. */
    TIMEOUT(2),
    /** The device is gone (failed, pulled, closed). */
    NO_DEVICE(3),
    /** The device cannot take more work now; try again later. Only ever a refusal. */
    BUSY(4),
    /** The request is malformed: out of range, misaligned, wrong buffer, unsupported operation. */
    INVALID(5),
    /** The request was cancelled before it finished (shutdown). */
    ABORTED(6),
    /** A bug inside the device; the request's effect is unknown. */
    INTERNAL(7);

    private static final IoStatus[] BY_CODE = values();

    private final int code;

    IoStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isOk() {
        return this == OK;
    }

    /** The status with this stable code. */
    public static IoStatus ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown I/O status code " + code);
        }
        return BY_CODE[code];
    }
}
