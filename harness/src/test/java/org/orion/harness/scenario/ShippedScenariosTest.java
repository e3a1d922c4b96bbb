package org.orion.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario shipped in {@code scenarios/} at the repository root passes. */
class ShippedScenariosTest {
    static Path scenariosDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("scenarios"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scenarios/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("scenarios");
    }

    static Stream<Path> shipped() throws IOException {
        return Files.list(scenariosDir()).filter(p -> p.toString().endsWith(".toml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shipped")
    void shouldPassEveryShippedScenario(Path file) {
        Verdict verdict = SharedEnvironment.runner().run(ScenarioReader.read(file, "scenarios/" + file.getFileName()));
        assertTrue(verdict.passed(), file.getFileName() + ": " + verdict.reasons() + " (" + verdict.plan() + ")");
    }

    @org.junit.jupiter.api.Test
    void shouldShipAtLeastTwentyScenariosCoveringEveryLevelAndFaultClass() throws IOException {
        java.util.Set<Integer> levels = new java.util.HashSet<>();
        java.util.Set<String> classes = new java.util.HashSet<>();
        long count = 0;
        for (Path file : shipped().toList()) {
            Scenario s = ScenarioReader.read(file, file.getFileName().toString());
            levels.add(s.topology().array().level());
            s.steps().stream().map(Step::kind).filter(StepKind::isFault).map(StepKind::faultClass).forEach(classes::add);
            count++;
        }
        assertTrue(count >= 20, count + " scenarios");
        assertTrue(levels.containsAll(java.util.List.of(0, 1, 4, 5, 6, 10)), "levels " + levels);
        assertTrue(classes.containsAll(java.util.List.of("fail-stop", "pull", "latent-sector-error", "silent-corruption",
                "slow-disk", "timeout", "power-loss")), "fault classes " + classes);
    }
}
