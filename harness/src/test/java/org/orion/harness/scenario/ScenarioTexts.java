package org.orion.harness.scenario;

/** Small scenario files for tests, built from a valid base by replacing or adding lines. */
final class ScenarioTexts {
    /** A RAID5 over four 3 MiB disks and a spare, 120 operations, one member failing at operation 40. */
    static final String RAID5 = """
            name = "test-raid5"
            description = "a small valid scenario"

            [[controllers]]
            name = "sata0"
            disks = ["d0", "d1", "d2", "d3", "s0"]
            disk_size = "3M"

            [array]
            level = 5
            chunk = "16K"
            members = ["d0", "d1", "d2", "d3"]
            spares = ["s0"]

            [workload]
            operations = 120
            seed = 9

            [[schedule]]
            at_op = 40
            kind = "fail_stop"
            disk = "d1"

            [expect]
            data = "intact"
            state = "clean"
            events = ["Fail", "SpareActive"]
            """;

    private ScenarioTexts() {
    }

    /** {@link #RAID5} with the first line starting with {@code prefix} replaced by {@code line}. */
    static String raid5With(String prefix, String line) {
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String l : RAID5.split("\n", -1)) {
            if (!done && l.startsWith(prefix)) {
                out.append(line).append('\n');
                done = true;
            } else {
                out.append(l).append('\n');
            }
        }
        if (!done) {
            throw new IllegalArgumentException("no line starts with " + prefix);
        }
        return out.toString();
    }
}
