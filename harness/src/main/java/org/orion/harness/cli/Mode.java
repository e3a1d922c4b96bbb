package org.orion.harness.cli;

import java.util.List;

/**
 * One thing {@code orion} can do, selected by its first word: an mdadm-style mode ({@code --create},
 * {@code --detail}) or one of Orion's own ({@code hw}, {@code serve}). Each mode is one class listed
 * once in {@link Modes}; the dispatcher knows nothing else about it.
 */
interface Mode {
    /** The word that selects the mode: {@code "hw"} or {@code "--detail"}. */
    String name();

    /** Other words that select it, e.g. mdadm's short {@code "-D"} for {@code --detail}. */
    default List<String> aliases() {
        return List.of();
    }

    /** The usage line after "usage: ", e.g. {@code "orion hw list [--json]"}. */
    String usage();

    /** One line for the mode list in {@code orion --help}. */
    String summary();

    /** What {@code orion MODE --help} prints after the usage line: options and what they do. */
    String help();

    /**
     * Runs the mode with the arguments that followed its name (global options already removed).
     *
     * @return the exit status (0 on success)
     * @throws UsageException for a command line it cannot run
     * @throws org.orion.driver.api.OrionException for anything else that goes wrong
     */
    int run(Invocation invocation, List<String> args);
}
