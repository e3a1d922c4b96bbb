/**
 * Fault-injection scenarios and seeded simulation campaigns ({@code orion scenario run|campaign}).
 *
 * <p>Owns: the scenario file format ({@link org.orion.harness.scenario.ScenarioReader}, TOML through
 * the config package's {@code TomlSection} so problems read {@code file:line: key: reason}), the
 * values a scenario is made of ({@link org.orion.harness.scenario.Scenario} and friends), the
 * simulated rig it runs on ({@link org.orion.harness.scenario.SimRig}: hw-sim controllers on a
 * {@link org.orion.hw.sim.ManualClock}, each disk wrapped by a
 * {@link org.orion.hw.sim.fault.FaultyBlockDevice} and a {@link org.orion.harness.scenario.DiskSocket}),
 * the model of acknowledged writes every read is checked against
 * ({@link org.orion.harness.scenario.AckModel}), the runner that plays a scenario and gives a
 * {@link org.orion.harness.scenario.Verdict}, and the campaign generator
 * ({@link org.orion.harness.scenario.Campaign}).
 *
 * <p>Threads: a run is driven by one thread, the caller of {@link org.orion.harness.scenario.ScenarioRunner#run};
 * it alone submits requests, moves the simulated clocks and applies faults, so a seed replays. The
 * array's own threads (its ring, conductor, health monitor) complete requests and publish events;
 * those land in thread-safe collections read by the runner.
 *
 * <p>Reaches the RAID driver only through {@link org.orion.driver.api.array.ArrayService} as the
 * kernel loads it; never imports raid-driver classes. {@code org.orion.harness.scenario.crash} (crash
 * state enumeration) is a separate package owned elsewhere.
 */
package org.orion.harness.scenario;
