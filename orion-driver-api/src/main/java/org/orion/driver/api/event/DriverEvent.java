package org.orion.driver.api.event;

import java.util.List;
import java.util.Locale;
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

    /** A spare (or an added device) finished its rebuild and is now an in-sync member. mdadm: SpareActive. */
    record SpareActive(long atNanos, String array, String member, int slot) implements DriverEvent {
        public String kind() { return "SpareActive"; }
        public Severity severity() { return Severity.INFO; }
        public String subject() { return array; }
        public String describe() { return array + ": " + member + " is active in slot " + slot; }
    }

    /** The spare a rebuild was writing to failed; the rebuild stopped. mdadm: FailSpare. */
    record FailSpare(long atNanos, String array, String spare, IoStatus cause) implements DriverEvent {
        public String kind() { return "FailSpare"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return array; }
        public String describe() { return array + ": spare " + spare + " failed during the rebuild after " + cause; }
    }

    /**
     * A background pass started: recovery, resync, check or repair (md's sync_action words).
     * mdadm: RebuildStarted.
     */
    record RebuildStarted(long atNanos, String array, String action, long fromBytes, long totalBytes)
            implements DriverEvent {
        public String kind() { return "RebuildStarted"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() {
            return array + ": " + action + " started" + (fromBytes > 0
                    ? " at byte " + fromBytes + " of " + totalBytes : " over " + totalBytes + " bytes");
        }
    }

    /**
     * A background pass crossed a multiple of 20 percent (mdadm's default {@code --increment}); the
     * kind is {@code Rebuild20}, {@code Rebuild40}, ... as mdadm names it.
     */
    record RebuildProgress(long atNanos, String array, String action, int percent) implements DriverEvent {
        public RebuildProgress {
            if (percent < 1 || percent > 99) {
                throw new IllegalArgumentException("progress events are for 1..99 percent, not " + percent);
            }
        }

        public String kind() { return String.format(Locale.ROOT, "Rebuild%02d", percent); }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() { return array + ": " + action + " " + percent + "% done"; }
    }

    /**
     * A background pass ended, at the end of the array or stopped early. mdadm: RebuildFinished,
     * which also says how many mismatches a check or repair found (md's mismatch_cnt, in sectors).
     */
    record RebuildFinished(long atNanos, String array, String action, boolean completed, long mismatchBytes)
            implements DriverEvent {
        public String kind() { return "RebuildFinished"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() {
            return array + ": " + action + (completed ? " finished" : " stopped before the end")
                    + (mismatchBytes > 0 ? ", mismatches found: " + (mismatchBytes / 512) + " sectors" : "");
        }
    }

    /** An array has fewer spares than its configuration asks for. mdadm: SparesMissing. */
    record SparesMissing(long atNanos, String array, int expectedSpares, int presentSpares) implements DriverEvent {
        public String kind() { return "SparesMissing"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() {
            return array + " has " + presentSpares + " spare(s) where " + expectedSpares + " are expected";
        }
    }

    /** A spare moved from another array of its spare group to replace a failed member. mdadm: MoveSpare. */
    record MoveSpare(long atNanos, String array, String spare, String fromArray) implements DriverEvent {
        public String kind() { return "MoveSpare"; }
        public Severity severity() { return Severity.INFO; }
        public String subject() { return array; }
        public String describe() { return "spare " + spare + " moved from " + fromArray + " to " + array; }
    }

    /** Sent on request to check that alerts reach people ({@code orion --monitor --test}). mdadm: TestMessage. */
    record TestMessage(long atNanos, String array) implements DriverEvent {
        public String kind() { return "TestMessage"; }
        public Severity severity() { return Severity.INFO; }
        public String subject() { return array; }
        public String describe() { return array + ": test message (orion --monitor --test)"; }
    }

    /** A check, repair or resync found data that parity or the copies do not agree with, in these array ranges. */
    record MismatchesFound(long atNanos, String array, String action, long mismatchBytes, List<ByteRange> ranges)
            implements DriverEvent {
        public MismatchesFound {
            ranges = List.copyOf(ranges);
        }

        public String kind() { return "MismatchesFound"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() {
            return array + ": " + action + " found " + mismatchBytes + " mismatched byte(s) in array bytes "
                    + shown(ranges);
        }
    }

    /**
     * A rebuild could not reconstruct these array ranges (an unreadable survivor with no redundancy
     * left): they are in the new member's bad-block log, and reads there fail until they are rewritten.
     */
    record BadBlocksRecorded(long atNanos, String array, String member, List<ByteRange> ranges) implements DriverEvent {
        public BadBlocksRecorded {
            ranges = List.copyOf(ranges);
        }

        public String kind() { return "BadBlocksRecorded"; }
        public Severity severity() { return Severity.CRITICAL; }
        public String subject() { return array; }
        public String describe() {
            return array + ": array bytes " + shown(ranges) + " could not be rebuilt onto " + member
                    + ": recorded as bad blocks, reads there fail until they are rewritten";
        }
    }

    /** A member failed but no spare took over; {@code spare} is empty when there was none to consider. */
    record SpareNotUsed(long atNanos, String array, String spare, String reason) implements DriverEvent {
        public String kind() { return "SpareNotUsed"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() {
            return array + ": " + (spare.isEmpty() ? "no spare used" : "spare " + spare + " not used") + ": " + reason;
        }
    }

    /** A member answers much more slowly than its peers (it may be about to fail). */
    record MemberSlow(long atNanos, String array, String member, long latencyNanos, long typicalNanos)
            implements DriverEvent {
        public String kind() { return "MemberSlow"; }
        public Severity severity() { return Severity.WARNING; }
        public String subject() { return array; }
        public String describe() {
            return array + ": member " + member + " is slow: " + millis(latencyNanos) + " per request against "
                    + millis(typicalNanos) + " for its peers";
        }
    }

    /** Ranges as {@code a-b, c-d}, the first eight and then a count of the rest. */
    private static String shown(List<ByteRange> ranges) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ranges.size() && i < 8; i++) {
            out.append(i == 0 ? "" : ", ").append(ranges.get(i));
        }
        if (ranges.size() > 8) {
            out.append(" and ").append(ranges.size() - 8).append(" more");
        }
        return out.toString();
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
