package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orion.harness.scenario.crash.CrashCampaignSpec;
import org.orion.harness.scenario.crash.CrashReport;
import org.orion.harness.scenario.crash.CrashStateExplorer;
import org.orion.harness.scenario.crash.CrashViolation;
import org.orion.harness.scenario.crash.WriteHoleReport;

/**
 * {@code orion scenario crash-states}: records a seeded workload's member writes and flushes on a
 * real md 1.2 array, builds crash states from the recording (at flush boundaries and inside epochs,
 * with torn writes), reassembles each, lets the resync finish and checks the crash guarantee of
 * docs/crash-consistency.md; {@code --write-hole} instead loses a member before the resync and
 * checks the documented write-hole statement. Seed i of a run is S+i and its level is the
 * (i mod levels)-th, so the printed replay command reruns exactly one failing seed.
 */
final class CrashStatesCommand {
    static final String SCHEMA = "orion.scenario.crash-states/1";
    static final String USAGE = "orion scenario crash-states --seeds N [--seed S] [--levels 0,1,4,5,6,10]"
            + " [--states N] [--write-hole] [--json]";
    private static final List<Integer> ALL_LEVELS = List.of(0, 1, 4, 5, 6, 10);
    private static final List<Integer> WRITE_HOLE_LEVELS = List.of(1, 4, 5, 6, 10);

    private CrashStatesCommand() {
    }

    static OptionParser parser() {
        return new OptionParser(USAGE).flag("--json").flag("--write-hole").option("--seeds").option("--seed")
                .option("--levels").option("--states");
    }

    static int run(Invocation invocation, ParsedArgs parsed) {
        if (!parsed.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'", USAGE);
        }
        int seeds = (int) CliNumbers.whole("--seeds", parsed.value("--seeds").orElseThrow(() ->
                new UsageException("crash-states needs --seeds N", USAGE)), 1, 1_000_000, USAGE);
        long first = parsed.value("--seed").map(v -> CliNumbers.whole("--seed", v, 0, Long.MAX_VALUE / 2, USAGE))
                .orElse(1L);
        int states = (int) (long) parsed.value("--states").map(v -> CliNumbers.whole("--states", v, 1, 10_000, USAGE))
                .orElse(12L);
        boolean writeHole = parsed.has("--write-hole");
        List<Integer> levels = parsed.value("--levels").map(v -> CliNumbers.levels(v, ALL_LEVELS, USAGE))
                .orElse(writeHole ? WRITE_HOLE_LEVELS : ALL_LEVELS);
        if (writeHole && levels.contains(0)) {
            throw new UsageException("--write-hole needs a redundant level: raid0 has nothing to lose a member from",
                    USAGE);
        }
        LogLevels.apply(invocation.debug() ? "debug" : "off");
        boolean json = parsed.has("--json");
        List<Map<String, Object>> runs = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long checked = 0;
        long t0 = System.nanoTime();
        try (CrashStateExplorer explorer = CrashStateExplorer.withOwnKernel()) {
            for (int i = 0; i < seeds; i++) {
                long seed = first + i;
                int level = levels.get((int) Math.floorMod(seed, (long) levels.size()));
                CrashCampaignSpec spec = spec(level, seed, states);
                String replay = "./orion scenario crash-states --seeds 1 --seed " + seed + " --levels " + level
                        + " --states " + states + (writeHole ? " --write-hole" : "");
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("seed", seed);
                doc.put("level", level);
                doc.put("members", spec.members());
                List<String> problems = new ArrayList<>();
                String line;
                if (writeHole) {
                    WriteHoleReport report = explorer.writeHole(spec);
                    checked += report.states();
                    report.violations().forEach(v -> problems.add(v.describe()));
                    doc.put("states", report.states());
                    doc.put("refused_without_force", report.refusedWithoutForce());
                    doc.put("wrong_sectors_in_stripes_being_written", report.wrongUnsettledSectors());
                    doc.put("wrong_flushed_sectors_in_stripes_being_written", report.wrongDurableSectors());
                    doc.put("unreadable_sectors_in_stripes_being_written", report.unreadableUnsettledSectors());
                    line = report.summary();
                    if (!report.passed() && problems.isEmpty()) {
                        problems.add("the write-hole statement does not hold (see the summary)");
                    }
                } else {
                    CrashReport report = explorer.run(spec);
                    checked += report.statesChecked();
                    for (CrashViolation v : report.violations()) {
                        problems.add("state " + v.stateIndex() + " " + v.state() + ": " + v.problem());
                    }
                    doc.put("states", report.statesChecked());
                    doc.put("torn_writes", report.tornWrites());
                    doc.put("trace_hash", report.traceHash());
                    line = report.summary();
                    if (!report.passed() && problems.isEmpty()) {
                        problems.add("only " + report.statesChecked() + " of " + report.statesBuilt()
                                + " crash states could be checked");
                    }
                }
                doc.put("passed", problems.isEmpty());
                doc.put("problems", problems);
                runs.add(doc);
                if (!problems.isEmpty()) {
                    failures.add(replay);
                }
                if (!json && (seeds == 1 || !problems.isEmpty())) {
                    invocation.out().println((problems.isEmpty() ? "PASS  " : "FAIL  ") + line);
                    problems.forEach(p -> invocation.out().println("      " + p));
                    if (!problems.isEmpty()) {
                        invocation.out().println("      replay: " + replay);
                    }
                    invocation.out().flush();
                }
            }
        }
        long elapsedMillis = (System.nanoTime() - t0) / 1_000_000;
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", SCHEMA);
            doc.put("passed", failures.isEmpty());
            doc.put("mode", writeHole ? "write-hole" : "crash-states");
            doc.put("first_seed", first);
            doc.put("seeds", seeds);
            doc.put("states_checked", checked);
            doc.put("elapsed_ms", elapsedMillis);
            doc.put("runs", runs);
            doc.put("replay", failures);
            invocation.out().print(Json.write(doc));
        } else {
            invocation.out().printf("crash-states%s: seeds %d..%d over levels %s: %d passed, %d failed, %d crash"
                            + " states checked in %.1f s%n", writeHole ? " --write-hole" : "", first, first + seeds - 1,
                    levels, seeds - failures.size(), failures.size(), checked, elapsedMillis / 1000.0);
            failures.forEach(f -> invocation.out().println("failed: " + f));
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** A small in-memory array per level: RAID0 has no epoch states (nothing to resync). */
    private static CrashCampaignSpec spec(int level, long seed, int states) {
        int members = switch (level) {
            case 1 -> 2 + (int) Math.floorMod(seed, 2L);
            case 6 -> 5;
            case 0 -> 3;
            default -> 4;
        };
        int boundary = level == 0 ? states : Math.max(1, states / 3);
        int epoch = level == 0 ? 0 : states - boundary;
        return CrashCampaignSpec.small(level, members, seed, boundary, epoch);
    }
}
