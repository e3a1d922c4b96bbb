package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.orion.harness.scenario.Campaign;
import org.orion.harness.scenario.Verdict;

/** How {@code orion scenario} prints verdicts and campaign summaries, as text and as JSON maps. */
final class ScenarioText {
    private ScenarioText() {
    }

    static String verdict(Verdict v) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s  %-40s %s  trace %s  %d requests  %.2f s  final %s%n",
                v.passed() ? "PASS" : "FAIL", v.name(), v.source(), v.traceHash(), v.operations(),
                v.elapsedNanos() / 1e9, v.finalState()));
        for (String reason : v.reasons()) {
            out.append("      ").append(reason).append('\n');
        }
        return out.toString();
    }

    static String seed(Campaign.SeedResult r) {
        Verdict v = r.verdict();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s  seed %d (raid%d)  trace %s  %.2f s%n",
                v.passed() ? "PASS" : "FAIL", r.seed(), r.level(), v.traceHash(), v.elapsedNanos() / 1e9));
        for (String reason : v.reasons()) {
            out.append("      ").append(reason).append('\n');
        }
        if (!v.passed()) {
            out.append("      scenario: ").append(v.plan()).append('\n');
            out.append("      replay: ").append(r.replayCommand()).append('\n');
        }
        return out.toString();
    }

    static String campaign(Campaign.Summary s) {
        StringBuilder out = new StringBuilder();
        double seconds = s.elapsedNanos() / 1e9;
        out.append(String.format(Locale.ROOT, "campaign: seeds %d..%d over levels %s, profile %s: %d passed, %d failed"
                        + " in %.1f s (%.2f s per seed)%n", s.firstSeed(), s.firstSeed() + s.seeds() - 1,
                s.levels().stream().map(String::valueOf).collect(Collectors.joining(",")), s.profile().cliName(), s.passed(),
                s.failures().size(), seconds, seconds / Math.max(1, s.seeds())));
        out.append("trace hash of the campaign: ").append(s.combinedHash()).append('\n');
        out.append("seeds per level: ").append(s.perLevel().entrySet().stream()
                .map(e -> "raid" + e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append('\n');
        TextTable table = new TextTable("FAULT CLASS", "INJECTED", "SURVIVED", "BEYOND-REDUNDANCY", "DETECTED");
        s.faults().forEach((k, t) -> table.row(k, t.injected(), t.survived(), t.beyondRedundancy(), t.detected()));
        out.append(table.render());
        for (Campaign.SeedResult f : s.failures()) {
            out.append("failed: seed ").append(f.seed()).append(": ").append(f.replayCommand()).append('\n');
        }
        return out.toString();
    }

    static Map<String, Object> verdictJson(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("source", v.source());
        m.put("verdict", v.passed() ? "pass" : "fail");
        m.put("reasons", v.reasons());
        m.put("trace_hash", v.traceHash());
        m.put("requests", v.operations());
        m.put("seconds", Math.round(v.elapsedNanos() / 1e6) / 1e3);
        m.put("final_state", v.finalState());
        m.put("events", v.eventKinds());
        m.put("faults", faultsJson(v.faults()));
        return m;
    }

    static Map<String, Object> campaignJson(Campaign.Summary s, String schema) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", schema);
        m.put("first_seed", s.firstSeed());
        m.put("seeds", s.seeds());
        m.put("levels", s.levels());
        m.put("profile", s.profile().cliName());
        m.put("passed", s.passed());
        m.put("failed", s.failures().size());
        m.put("seconds", Math.round(s.elapsedNanos() / 1e6) / 1e3);
        m.put("trace_hash", s.combinedHash());
        Map<String, Object> perLevel = new LinkedHashMap<>();
        s.perLevel().forEach((k, v) -> perLevel.put("raid" + k, v));
        m.put("seeds_per_level", perLevel);
        m.put("faults", faultsJson(s.faults()));
        List<Object> failures = new ArrayList<>();
        for (Campaign.SeedResult f : s.failures()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("seed", f.seed());
            one.put("level", f.level());
            one.put("replay", f.replayCommand());
            one.put("trace_hash", f.verdict().traceHash());
            one.put("reasons", f.verdict().reasons());
            one.put("scenario", f.verdict().plan());
            failures.add(one);
        }
        m.put("failures", failures);
        return m;
    }

    private static Map<String, Object> faultsJson(Map<String, Verdict.FaultTally> faults) {
        Map<String, Object> out = new LinkedHashMap<>();
        faults.forEach((k, t) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("injected", t.injected());
            one.put("survived", t.survived());
            one.put("beyond_redundancy", t.beyondRedundancy());
            one.put("detected", t.detected());
            out.put(k, one);
        });
        return out;
    }
}
