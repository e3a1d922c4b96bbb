package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;

/**
 * Judges a finished run against its {@link Expectations}: the data rule, the final state, the
 * events raised and not raised, and whether an assembly had to be refused. Each failure is one
 * sentence saying what was expected and what happened.
 */
final class ExpectationCheck {
    private final Expectations expected;
    private final List<DriverEvent> events;
    private final Findings findings;
    private final boolean refused;
    private final String finalState;

    ExpectationCheck(Expectations expected, List<DriverEvent> events, Findings findings, boolean refused,
                     String finalState) {
        this.expected = expected;
        this.events = events;
        this.findings = findings;
        this.refused = refused;
        this.finalState = finalState;
    }

    List<String> failures() {
        List<String> out = new ArrayList<>();
        switch (expected.data()) {
            case INTACT -> {
                if (findings.failedRequests > 0) {
                    out.add("expected data intact, but " + findings.failedRequests + " request(s) failed");
                }
            }
            case FAIL_CLEANLY -> {
                if (findings.failedRequests == 0 && !refused) {
                    out.add("expected the array to fail cleanly (errors, never wrong data), but every request succeeded");
                }
            }
            case LOST_RANGES_ONLY -> out.addAll(lostRangesOnly());
            case REDUNDANCY -> { }
            default -> throw new IllegalStateException(expected.data().toString());
        }
        if (expected.assemblyRefused() && !refused) {
            out.add("expected an assembly to be refused, but every assembly succeeded");
        }
        if (expected.state() != null && !expected.state().equals(finalState)) {
            out.add("expected final state " + expected.state() + ", but the array is " + finalState);
        }
        for (String kind : expected.events()) {
            if (events.stream().noneMatch(e -> e.kind().equals(kind))) {
                out.add("expected event " + kind + ", but it was not raised");
            }
        }
        for (String kind : expected.absentEvents()) {
            events.stream().filter(e -> e.kind().equals(kind)).findFirst().ifPresent(e ->
                    out.add("event " + kind + " must not be raised, but was: " + e.describe()));
        }
        return out;
    }

    /** Every failed request overlaps a range the array reported lost, and at least one was reported. */
    private List<String> lostRangesOnly() {
        List<ByteRange> lost = new ArrayList<>();
        for (DriverEvent e : events) {
            if (e instanceof DriverEvent.BadBlocksRecorded bad) {
                lost.addAll(bad.ranges());
            }
        }
        List<String> out = new ArrayList<>();
        if (lost.isEmpty()) {
            out.add("expected the array to report lost ranges (BadBlocksRecorded), but it reported none");
            return out;
        }
        for (long[] failed : findings.failedRanges()) {
            boolean inside = lost.stream().anyMatch(r -> failed[0] < r.endBytes() && r.startBytes() < failed[1]);
            if (!inside) {
                out.add("a request over array bytes " + failed[0] + "-" + failed[1]
                        + " failed outside every range the array reported lost " + lost);
                break;
            }
        }
        return out;
    }
}
