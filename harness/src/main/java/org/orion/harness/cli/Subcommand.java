package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The subcommand of a mode with subcommands ({@code hw list}, {@code scenario run}): the first
 * argument that is not an option, and every other argument, options before it included, so that
 * {@code orion hw --json list} and {@code orion hw list --json} mean the same.
 */
record Subcommand(String name, List<String> rest) {
    /** Splits {@code args}, or a usage error ({@code missing}) when no subcommand is given. */
    static Subcommand of(List<String> args, String missing, String usage) {
        int at = 0;
        while (at < args.size() && args.get(at).startsWith("-") && !args.get(at).equals("--")) {
            at++;
        }
        if (at == args.size() || args.get(at).equals("--")) {
            throw new UsageException(missing, usage);
        }
        List<String> rest = new ArrayList<>(args);
        rest.remove(at);
        return new Subcommand(args.get(at), rest);
    }
}
