package org.orion.harness.scenario;

/**
 * Plays scenarios on an environment, one at a time, and returns a {@link Verdict} for each. The
 * public entry point of the runner; the CLI and the tests use it.
 */
public final class ScenarioRunner {
    private final ScenarioEnvironment env;

    public ScenarioRunner(ScenarioEnvironment env) {
        this.env = env;
    }

    /** Runs {@code scenario} to the end; never throws for what the array does, only reports it. */
    public Verdict run(Scenario scenario) {
        try (ScenarioRun run = new ScenarioRun(env, scenario)) {
            return run.play();
        }
    }
}
