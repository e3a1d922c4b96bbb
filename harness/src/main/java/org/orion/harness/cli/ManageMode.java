package org.orion.harness.cli;

import java.util.List;

/**
 * {@code orion --manage ARRAY --fail M} (mdadm's manage mode, also {@code orion ARRAY --fail M}
 * style is not supported: name the mode): changes members of an array in the running kernel.
 */
final class ManageMode implements Mode {
    private static final String USAGE = "orion --manage ARRAY --fail MEMBER";

    @Override
    public String name() {
        return "--manage";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "change the members of a running array: --fail (needs a running 'orion serve')";
    }

    @Override
    public String help() {
        return "Options:\n"
                + "  --fail MEMBER, -f MEMBER   mark MEMBER (a device name or slot number) faulty, as mdadm --fail;\n"
                + "                             the array goes on degraded\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).option("--fail", "-f", "--set-faulty").parse(args);
        if (parsed.positionals().size() != 1) {
            throw new UsageException(parsed.positionals().isEmpty() ? "--manage needs the array name"
                    : "unexpected argument '" + parsed.positionals().get(1) + "'", USAGE);
        }
        String array = parsed.positionals().get(0);
        String member = parsed.value("--fail").orElseThrow(() -> new UsageException("say what to do: --fail MEMBER", USAGE));
        return Control.forward(invocation, "fail", List.of(array, member));
    }
}
