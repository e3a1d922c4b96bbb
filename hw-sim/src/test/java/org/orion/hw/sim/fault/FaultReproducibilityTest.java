package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every fault kind: the same seed replays the same run exactly (statuses, data, timing, health,
 * injections), and different seeds give different runs, so the seed really drives the faults.
 */
class FaultReproducibilityTest {
    private static final int STEPS = 60;
    private static final long MILLI = 1_000_000;

    static Stream<Arguments> planPerFaultKind() {
        return Stream.of(
                kind("fail-stop", seed -> FaultPlan.builder(seed).failStop(Trigger.withProbability(0.03)).build()),
                kind("latent sector errors", seed -> FaultPlan.builder(seed)
                        .randomLatentSectorErrors(3, FaultRig.CAPACITY_BYTES, Trigger.atOperation(0)).build()),
                kind("bit flip on read", seed -> FaultPlan.builder(seed).bitFlipOnRead(Trigger.withProbability(0.2)).build()),
                kind("lost write", seed -> FaultPlan.builder(seed).lostWrite(Trigger.withProbability(0.2)).build()),
                kind("misdirected write", seed -> FaultPlan.builder(seed)
                        .misdirectedWrite(Trigger.withProbability(0.1)).build()),
                kind("slow I/O", seed -> FaultPlan.builder(seed).slowIo(MILLI, 0.3).build()),
                kind("timeout", seed -> FaultPlan.builder(seed).timeout(Trigger.withProbability(0.1), 2 * MILLI).build()),
                kind("torn writes at power loss", seed -> FaultPlan.builder(seed).tornWritesAtPowerLoss(0.5).build()));
    }

    private static Arguments kind(String name, LongFunction<FaultPlan> plan) {
        return Arguments.of(name, plan);
    }

    private static List<String> outcome(FaultPlan plan) {
        try (FaultRig rig = new FaultRig(plan)) {
            return rig.replayWorkload(STEPS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planPerFaultKind")
    void shouldReplayTheSameRunFromTheSameSeed(String kind, LongFunction<FaultPlan> planForSeed) {
        for (long seed : new long[] {1, 42, -7_777_777_777L}) {
            FaultPlan plan = planForSeed.apply(seed);
            assertEquals(outcome(plan), outcome(planForSeed.apply(seed)), kind + " with " + plan);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planPerFaultKind")
    void shouldInjectDifferentFaultsFromDifferentSeeds(String kind, LongFunction<FaultPlan> planForSeed) {
        Set<List<String>> outcomes = new HashSet<>();
        boolean struck = false;
        for (long seed = 1; seed <= 8; seed++) {
            List<String> outcome = outcome(planForSeed.apply(seed));
            outcomes.add(outcome);
            struck |= outcome.stream().anyMatch(line -> line.startsWith("Injection["));
        }
        assertTrue(struck, kind + " never struck in 8 seeds: the test would prove nothing");
        assertTrue(outcomes.size() > 1, kind + ": 8 seeds gave identical runs");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planPerFaultKind")
    void shouldPrintTheSeedSoARunCanBeReproduced(String kind, LongFunction<FaultPlan> planForSeed) {
        FaultPlan plan = planForSeed.apply(987_654_321L);
        assertTrue(plan.toString().contains("seed=987654321"), plan.toString());
        assertFalse(plan.isEmpty(), kind);
    }
}
