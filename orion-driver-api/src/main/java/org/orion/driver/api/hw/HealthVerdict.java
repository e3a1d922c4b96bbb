package org.orion.driver.api.hw;

/** A device's own overall health verdict, as {@code smartctl -H} reports it. */
public enum HealthVerdict {
    /** SMART RETURN STATUS ok, NVMe critical warning 0, or no SCSI failure prediction. */
    PASSED,
    /** A threshold was exceeded, a critical warning is set, or the device predicts its own failure. */
    FAILED,
    /** The device answered, but not in a way that gives a verdict. */
    UNKNOWN,
    /** The device takes no health commands (a file, a loop or virtio device). */
    NOT_SUPPORTED
}
