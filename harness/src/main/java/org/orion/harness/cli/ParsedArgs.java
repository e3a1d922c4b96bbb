package org.orion.harness.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mode's arguments after option parsing.
 *
 * @param flags       canonical names of the flags given ("--json")
 * @param values      canonical option name to its value (the last one wins, as in mdadm)
 * @param positionals the remaining arguments in order
 */
record ParsedArgs(Set<String> flags, Map<String, String> values, List<String> positionals) {
    ParsedArgs {
        flags = Set.copyOf(flags);
        values = Map.copyOf(values);
        positionals = List.copyOf(positionals);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    Optional<String> value(String option) {
        return Optional.ofNullable(values.get(option));
    }
}
