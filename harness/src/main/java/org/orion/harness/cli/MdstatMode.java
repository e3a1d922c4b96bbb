package org.orion.harness.cli;

import java.util.List;

/** {@code orion mdstat}: a /proc/mdstat-like view of every array of the running kernel. */
final class MdstatMode implements Mode {
    private static final String USAGE = "orion mdstat";

    @Override
    public String name() {
        return "mdstat";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "show every running array like /proc/mdstat (needs a running 'orion serve')";
    }

    @Override
    public String help() {
        return "Asks the running kernel (orion serve) over its control socket for a /proc/mdstat-shaped view:\n"
                + "members with their slots, [n/working] [UU_], and a progress line while a pass runs.\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        new OptionParser(USAGE).parse(args).positionals().stream().findFirst().ifPresent(a -> {
            throw new UsageException("unexpected argument '" + a + "'", USAGE);
        });
        return Control.forward(invocation, "mdstat", List.of());
    }
}
