package org.orion.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orion.harness.scenario.Campaign;
import org.orion.harness.scenario.CampaignProfile;
import org.orion.harness.scenario.Scenario;
import org.orion.harness.scenario.ScenarioEnvironment;
import org.orion.harness.scenario.ScenarioReader;
import org.orion.harness.scenario.ScenarioRunner;
import org.orion.harness.scenario.Verdict;

/**
 * {@code orion scenario}: {@code run} plays scenario files and prints a verdict per file;
 * {@code campaign} runs seeded random scenarios and prints failing seeds with the command that
 * replays them, then a summary. Every file is read before anything runs, so a bad file changes
 * nothing. Exit status 0 only if everything passed; 1 if a scenario or seed failed; 3 for a bad
 * scenario file, 2 for a bad command line.
 */
final class ScenarioMode implements Mode {
    static final String RUN_SCHEMA = "orion.scenario.run/1";
    static final String CAMPAIGN_SCHEMA = "orion.scenario.campaign/1";
    static final String USAGE = "orion scenario {run|campaign|crash-states} ...";
    static final String RUN_USAGE = "orion scenario run FILE... [--json]";
    static final String CAMPAIGN_USAGE = "orion scenario campaign --seeds N [--seed S] [--levels 0,1,4,5,6,10] [--profile small|large] [--json]";
    private static final List<Integer> ALL_LEVELS = List.of(0, 1, 4, 5, 6, 10);

    @Override
    public String name() {
        return "scenario";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "run fault-injection scenarios and seeded simulation campaigns";
    }

    @Override
    public String help() {
        return "  " + RUN_USAGE + "\n"
                + "  " + CAMPAIGN_USAGE + "\n"
                + "  " + CrashStatesCommand.USAGE + "\n\n"
                + "run       plays each scenario file (TOML: simulated disks, an array, a workload, a schedule of\n"
                + "          faults and actions, expectations; see docs/scenarios.md and scenarios/) and prints\n"
                + "          PASS or FAIL with the reason, and the run's trace hash.\n"
                + "campaign  runs seeds S, S+1, ... S+N-1 (default S = 1), each a random topology, workload and\n"
                + "          fault schedule; checks that within the redundancy every read returns the latest\n"
                + "          acknowledged data and nothing flushed is lost across power loss, and that beyond\n"
                + "          it requests fail instead of returning wrong data. A failing seed is printed with\n"
                + "          the command that replays it; the summary counts faults per class.\n"
                + "crash-states  records a seeded workload's member writes and flushes on an md 1.2 array, builds\n"
                + "          crash states at flush boundaries and inside epochs (subsets of unflushed writes, torn\n"
                + "          sectors), reassembles and resyncs each, and checks that flushed data survived, nothing\n"
                + "          was invented and parity is consistent (docs/crash-consistency.md). --write-hole loses a\n"
                + "          member before the resync and checks the documented RAID4/5/6 write-hole statement.\n\n"
                + "Options:\n"
                + "  --json          print a JSON document (schemas \"" + RUN_SCHEMA + "\", \"" + CAMPAIGN_SCHEMA + "\")\n"
                + "  --seeds N       campaign: how many seeds (1..10000000)\n"
                + "  --seed S        campaign: the first seed (default 1)\n"
                + "  --levels LIST   campaign: RAID levels to draw from (default 0,1,4,5,6,10)\n"
                + "  --profile P     campaign: sizes to draw from: small (default: 4-64 KiB chunks, 2-3 MiB disks,\n"
                + "                  requests to 64 KiB) or large (128-512 KiB chunks, 8-12 MiB disks, requests to 1 MiB)\n"
                + "  --states N      crash-states: crash states per seed (default 12)\n"
                + "  --write-hole    crash-states: lose a member after each crash, before the resync\n\n"
                + "Exit status: 0 all passed, 1 a scenario or seed failed, 2 bad command line, 3 bad scenario file,\n"
                + "4 scenario file not found. The driver's log is silent unless --debug is given.\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        Subcommand sub = Subcommand.of(args, "scenario needs a subcommand: run, campaign or crash-states", USAGE);
        String subcommand = sub.name();
        List<String> rest = sub.rest();
        return switch (subcommand) {
            case "run" -> runFiles(invocation, new OptionParser(RUN_USAGE).flag("--json").parse(rest));
            case "crash-states" -> CrashStatesCommand.run(invocation, CrashStatesCommand.parser().parse(rest));
            case "campaign" -> campaign(invocation, new OptionParser(CAMPAIGN_USAGE).flag("--json").option("--seeds")
                    .option("--seed").option("--levels").option("--profile").parse(rest));
            default -> throw new UsageException("unknown scenario subcommand '" + subcommand + "'", USAGE);
        };
    }

    private static int runFiles(Invocation invocation, ParsedArgs parsed) {
        if (parsed.positionals().isEmpty()) {
            throw new UsageException("scenario run needs at least one scenario file", RUN_USAGE);
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (String name : parsed.positionals()) {
            Path file = invocation.cwd().resolve(name);
            scenarios.add(ScenarioReader.read(file, name));
        }
        LogLevels.apply(invocation.debug() ? "debug" : "off");
        boolean json = parsed.has("--json");
        List<Verdict> verdicts = new ArrayList<>();
        try (ScenarioEnvironment env = ScenarioEnvironment.start()) {
            ScenarioRunner runner = new ScenarioRunner(env);
            for (Scenario scenario : scenarios) {
                Verdict verdict = runner.run(scenario);
                verdicts.add(verdict);
                if (!json) {
                    invocation.out().print(ScenarioText.verdict(verdict));
                    invocation.out().flush();
                }
            }
        }
        long failed = verdicts.stream().filter(v -> !v.passed()).count();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("schema", RUN_SCHEMA);
            doc.put("passed", failed == 0);
            doc.put("scenarios", verdicts.stream().map(ScenarioText::verdictJson).toList());
            invocation.out().print(Json.write(doc));
        } else {
            invocation.out().printf("%d scenario(s): %d passed, %d failed%n", verdicts.size(), verdicts.size() - failed,
                    failed);
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static int campaign(Invocation invocation, ParsedArgs parsed) {
        if (!parsed.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'", CAMPAIGN_USAGE);
        }
        String seedsText = parsed.value("--seeds").orElseThrow(() ->
                new UsageException("campaign needs --seeds N", CAMPAIGN_USAGE));
        int seeds = (int) CliNumbers.whole("--seeds", seedsText, 1, 10_000_000, CAMPAIGN_USAGE);
        long first = parsed.value("--seed").map(v -> CliNumbers.whole("--seed", v, Long.MIN_VALUE, Long.MAX_VALUE, CAMPAIGN_USAGE)).orElse(1L);
        List<Integer> levels = parsed.value("--levels").map(v -> CliNumbers.levels(v, ALL_LEVELS, CAMPAIGN_USAGE))
                .orElse(ALL_LEVELS);
        CampaignProfile profile = parsed.value("--profile").map(v -> {
            CampaignProfile p = CampaignProfile.named(v);
            if (p == null) {
                throw new UsageException("--profile must be small or large, got '" + v + "'", CAMPAIGN_USAGE);
            }
            return p;
        }).orElse(CampaignProfile.SMALL);
        LogLevels.apply(invocation.debug() ? "debug" : "off");
        boolean json = parsed.has("--json");
        Campaign.Summary summary;
        try (ScenarioEnvironment env = ScenarioEnvironment.start()) {
            summary = new Campaign(new ScenarioRunner(env)).run(first, seeds, levels, profile, result -> {
                if (!json && (seeds == 1 || !result.verdict().passed())) {
                    invocation.out().print(ScenarioText.seed(result));
                    invocation.out().flush();
                }
            });
        }
        invocation.out().print(json ? Json.write(ScenarioText.campaignJson(summary, CAMPAIGN_SCHEMA))
                : ScenarioText.campaign(summary));
        return summary.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
