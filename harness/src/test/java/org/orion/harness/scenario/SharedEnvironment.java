package org.orion.harness.scenario;

/**
 * One kernel with the RAID driver for every scenario test in the JVM: starting it warms the parity
 * kernels, which is worth paying once. Runs are sequential (tests in this package are not run in
 * parallel), as the environment requires.
 */
final class SharedEnvironment {
    private static ScenarioEnvironment env;

    private SharedEnvironment() {
    }

    static synchronized ScenarioRunner runner() {
        if (env == null) {
            env = ScenarioEnvironment.start();
            Runtime.getRuntime().addShutdownHook(new Thread(env::close));
        }
        return new ScenarioRunner(env);
    }
}
