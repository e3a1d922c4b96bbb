package org.orion.driver.api.event;

import org.orion.driver.api.DriverState;
import org.orion.driver.api.io.IoStatus;

/**
 * Something a driver or the kernel wants people (and monitors) to know. A closed family of records;
 * {@link #kind()} is the stable name used in logs, JSON and {@code --program} hooks, and matches
 * mdadm's monitor event names where mdadm has the same event.
 */
public sealed interface DriverEvent {
    /** When it happened, on the kernel's clock. */
    long atNanos();

    /** The stable event name ({@code "Fail"}, {@code "DegradedArray"}, ...). */
    String kind();

    Severity severity();

    /** The device or array the event is about. */
    String subject();

    /** One human-readable line. */
    String describe();

    /** A driver moved through its lifecycle. */
    record DriverStateChanged(long atNanos, String driver, DriverState from, DriverState to) implements DriverEvent {
        public String kind() { return "DriverStateChanged"; }
        public Severity severity() { return to == DriverState.FAILED ? Severity.CRITICAL : Severity.INFO; }
        public String subject() { return driver; }
        public String describe() { return "driver " + driver + ": " + from + " -> " + to; }
    }

    /** A device appeared in the registry. */
    record DeviceAdded(long atNanos, String device, String description) implements DriverEvent {
        public String kind() { return "DeviceAdded"; }
        public Severity severity() { return Severity.INFO; }
        public String subject() { return device; }
        public String describe() { return device + " added: " + description; }
    }

    /** A device vanished (pulled, failed-stop, closed). mdadm: DeviceDisappeared. */
    record DeviceDisappeared(long atNanos, String device, String reason) implements DriverEvent {
        public String kind() { return "DeviceDisappeared"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return device; }
        public String describe() { return device + " disappeared: " + reason; }
    }

    /** An array was assembled or created. mdadm: NewArray. */
    record NewArray(long atNanos, String array, String description) implements DriverEvent {
        public String kind() { return "NewArray"; }
        public Severity severity() { return Severity.INFO; }
        public String subject() { return array; }
        public String describe() { return array + " started: " + description; }
    }

    /** An in-sync member was marked faulty. mdadm: Fail. */
    record MemberFailed(long atNanos, String array, String member, IoStatus cause) implements DriverEvent {
        public String kind() { return "Fail"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return array; }
        public String describe() { return array + ": member " + member + " marked faulty after " + cause; }
    }

    /** An array runs with fewer members than it needs for full redundancy. mdadm: DegradedArray. */
    record DegradedArray(long atNanos, String array, int missingMembers, int redundancyLeft) implements DriverEvent {
        public String kind() { return "DegradedArray"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return array; }
        public String describe() {
            return array + " is degraded: " + missingMembers + " member(s) missing, can survive "
                    + redundancyLeft + " more failure(s)";
        }
    }

    /** More members are gone than the level can survive; I/O to lost data fails. */
    record ArrayFailed(long atNanos, String array, String reason) implements DriverEvent {
        public String kind() { return "ArrayFailed"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return array; }
        public String describe() { return array + " FAILED: " + reason; }
    }

    /**
     * A member read failed with a media error, the data was served from redundancy, and the bad
     * range on the member was rewritten (md's read-error correction).
     */
    record ReadErrorCorrected(long atNanos, String array, String member, long memberOffsetBytes, int lengthBytes,
                              boolean rewriteSucceeded) implements DriverEvent {
        public String kind() { return "ReadErrorCorrected"; }
        public Severity severity() { return rewriteSucceeded ? Severity.WARNING : Severity.CRITICAL; }
        public String subject() { return array; }
        public String describe() {
            return array + ": read error on " + member + " at byte " + memberOffsetBytes + " (+" + lengthBytes
                    + ") served from redundancy; rewrite " + (rewriteSucceeded ? "succeeded" : "FAILED");
        }
    }

    /** A disk's health counters got worse or its own verdict is failing. */
    record PredictedFailure(long atNanos, String device, String reason) implements DriverEvent {
        public String kind() { return "PredictedFailure"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return device; }
        public String describe() { return device + " predicted to fail: " + reason; }
    }

    /** A bug was caught at a boundary (a ring handler, a lifecycle call); the request or action failed. */
    record InternalError(long atNanos, String source, String message) implements DriverEvent {
        public String kind() { return "InternalError"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return source; }
        public String describe() { return source + ": internal error: " + message; }
    }
}
