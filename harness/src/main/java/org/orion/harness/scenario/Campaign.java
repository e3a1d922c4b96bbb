package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A seeded simulation campaign: seed {@code i} of a campaign of {@code seeds} starting at
 * {@code firstSeed} is {@code firstSeed + i}; each becomes a random scenario
 * ({@link CampaignGenerator}) run with the campaign's rule (requests may fail only beyond the
 * redundancy, reads never return wrong data). The same seed gives the same run and trace hash.
 */
public final class Campaign {
    private final ScenarioRunner runner;

    public Campaign(ScenarioRunner runner) {
        this.runner = runner;
    }

    /** The scenario seed {@code seed} runs in a campaign over {@code levels}. */
    public static Scenario scenarioFor(long seed, List<Integer> levels) {
        return CampaignGenerator.scenario(seed, levels);
    }

    /** The scenario seed {@code seed} runs in a campaign over {@code levels} with {@code profile}'s sizes. */
    public static Scenario scenarioFor(long seed, List<Integer> levels, CampaignProfile profile) {
        return CampaignGenerator.scenario(seed, levels, profile);
    }

    /** The level seed {@code seed} runs at in a campaign over {@code levels}. */
    public static int levelFor(long seed, List<Integer> levels) {
        return CampaignGenerator.levelFor(seed, levels);
    }

    /** Runs seeds {@code firstSeed .. firstSeed + seeds - 1}, telling {@code onSeed} about each as it ends. */
    public Summary run(long firstSeed, int seeds, List<Integer> levels, Consumer<SeedResult> onSeed) {
        return run(firstSeed, seeds, levels, CampaignProfile.SMALL, onSeed);
    }

    /** As {@link #run(long, int, List, Consumer)}, with disk, chunk and request sizes from {@code profile}. */
    public Summary run(long firstSeed, int seeds, List<Integer> levels, CampaignProfile profile,
                       Consumer<SeedResult> onSeed) {
        long t0 = System.nanoTime();
        List<SeedResult> failures = new ArrayList<>();
        Map<String, Verdict.FaultTally> faults = new TreeMap<>();
        Map<Integer, Integer> perLevel = new TreeMap<>();
        StringBuilder hashes = new StringBuilder();
        int passed = 0;
        for (int i = 0; i < seeds; i++) {
            long seed = firstSeed + i;
            int level = levelFor(seed, levels);
            Verdict verdict = runner.run(scenarioFor(seed, levels, profile));
            SeedResult result = new SeedResult(seed, level, profile, verdict);
            if (verdict.passed()) {
                passed++;
            } else {
                failures.add(result);
            }
            perLevel.merge(level, 1, Integer::sum);
            verdict.faults().forEach((k, v) -> faults.merge(k, v, Verdict.FaultTally::plus));
            hashes.append(verdict.traceHash());
            onSeed.accept(result);
        }
        TraceLog combined = new TraceLog();
        combined.add(hashes.toString());
        return new Summary(firstSeed, seeds, levels, profile, passed, failures, new LinkedHashMap<>(faults), perLevel,
                combined.hash(), System.nanoTime() - t0);
    }

    /** One seed's outcome. */
    public record SeedResult(long seed, int level, CampaignProfile profile, Verdict verdict) {
        /** The command that runs exactly this seed again. */
        public String replayCommand() {
            return "./orion scenario campaign --seeds 1 --seed " + seed + " --levels " + level
                    + (profile == CampaignProfile.SMALL ? "" : " --profile " + profile.cliName());
        }
    }

    /**
     * A campaign's totals.
     *
     * @param faults        per fault class, summed over every seed
     * @param perLevel      seeds run per level
     * @param combinedHash  hash of every seed's trace hash in order: equal for equal campaigns
     */
    public record Summary(long firstSeed, int seeds, List<Integer> levels, CampaignProfile profile, int passed,
                          List<SeedResult> failures,
                          Map<String, Verdict.FaultTally> faults, Map<Integer, Integer> perLevel, String combinedHash,
                          long elapsedNanos) {
        public Summary {
            levels = List.copyOf(levels);
            failures = List.copyOf(failures);
        }
    }
}
