package org.orion.harness.scenario;

import java.util.List;

/**
 * A complete scenario: hardware and array, what clients do, what goes wrong when, and what must
 * hold afterwards. Built by {@link ScenarioReader} from a file, or by {@link Campaign} from a seed.
 *
 * @param name         short name, printed with the verdict
 * @param source       where it came from (a file name, or {@code campaign seed N})
 * @param description  one line saying what it shows
 * @param topology     disks and the array
 * @param workload     the clients' requests
 * @param steps        faults and actions, in the order they happen
 * @param expectations what must hold
 */
public record Scenario(String name, String source, String description, Topology topology, Workload workload,
                       List<Step> steps, Expectations expectations) {
    public Scenario {
        steps = List.copyOf(steps);
    }
}
