package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses one mode's options, getopt_long style: {@code --name value}, {@code --name=value},
 * {@code -n value}, {@code -n4} (a short option with its value attached, as in {@code mdadm -l6 -n4}),
 * clustered short flags ({@code -Eb} = {@code -E -b}), flags without values, {@code --} ending the
 * options, and options mixed with positional arguments in any order (as mdadm allows). Anything
 * unknown, or an option missing its value, is a {@link UsageException} carrying the mode's usage line.
 */
final class OptionParser {
    private final String usage;
    private final Map<String, String> flags = new HashMap<>();
    private final Map<String, String> valued = new HashMap<>();

    /** @param usage the mode's usage line, shown with every error ("orion hw list [--json]") */
    OptionParser(String usage) {
        this.usage = usage;
    }

    /** A flag; the first name is canonical, the others are aliases ("--json"). */
    OptionParser flag(String... names) {
        for (String name : names) {
            flags.put(name, names[0]);
        }
        return this;
    }

    /** An option that takes a value; the first name is canonical ("--level", "-l"). */
    OptionParser option(String... names) {
        for (String name : names) {
            valued.put(name, names[0]);
        }
        return this;
    }

    ParsedArgs parse(List<String> args) {
        Set<String> seenFlags = new HashSet<>();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            if (!arg.startsWith("--") && arg.length() > 2 && !flags.containsKey(arg) && !valued.containsKey(arg)) {
                i = shortCluster(args, i, seenFlags, values);
                continue;
            }
            if (flags.containsKey(name)) {
                if (eq > 0) {
                    throw new UsageException("option " + name + " takes no value", usage);
                }
                seenFlags.add(flags.get(name));
            } else if (valued.containsKey(name)) {
                String value;
                if (eq > 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + name + " needs a value", usage);
                }
                values.put(valued.get(name), value);
            } else {
                throw new UsageException("unknown option '" + name + "'", usage);
            }
        }
        return new ParsedArgs(seenFlags, values, positionals);
    }

    /**
     * {@code -l6} (value attached), {@code -Eb} (flags clustered) or {@code -bn4} (flags, then one
     * option with its value): getopt's rules for short options. Returns the index of the last
     * argument consumed.
     */
    private int shortCluster(List<String> args, int i, Set<String> seenFlags, Map<String, String> values) {
        String arg = args.get(i);
        for (int c = 1; c < arg.length(); c++) {
            String name = "-" + arg.charAt(c);
            if (flags.containsKey(name)) {
                seenFlags.add(flags.get(name));
            } else if (valued.containsKey(name)) {
                String rest = arg.substring(c + 1);
                if (rest.startsWith("=")) {
                    rest = rest.substring(1);
                }
                if (!rest.isEmpty()) {
                    values.put(valued.get(name), rest);
                    return i;
                }
                if (i + 1 >= args.size()) {
                    throw new UsageException("option " + name + " needs a value", usage);
                }
                values.put(valued.get(name), args.get(i + 1));
                return i + 1;
            } else {
                throw new UsageException("unknown option '" + (c == 1 ? arg : name) + "'", usage);
            }
        }
        return i;
    }
}
