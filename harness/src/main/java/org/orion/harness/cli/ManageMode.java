package org.orion.harness.cli;

import java.util.List;

/**
 * {@code orion --manage ARRAY --fail M} (mdadm's manage mode, also {@code orion ARRAY --fail M}
 * style is not supported: name the mode): changes members of an array in the running kernel.
 */
final class ManageMode implements Mode {
    private static final String USAGE = "orion --manage ARRAY (--fail M | --remove M | --add DEVICE | --replace M [--with DEVICE])";

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
        return "change the members of a running array: --fail, --remove, --add, --replace (needs 'orion serve')";
    }

    @Override
    public String help() {
        return "MEMBER is a device name (sata0/d2) or a slot number; DEVICE a disk the kernel knows or a path.\n"
                + "Options:\n"
                + "  --fail M, -f M        mark M faulty (mdadm --fail); the array goes on degraded and a spare, if\n"
                + "                        any, is rebuilt in its place\n"
                + "  --remove M, -r M      detach the faulty member M (an in-sync member is refused)\n"
                + "  --add DEVICE, -a DEV  add DEVICE: it rebuilds an empty slot, or becomes a spare\n"
                + "  --replace M           copy M onto a spare (or --with DEVICE) while M keeps serving, then swap\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).option("--fail", "-f", "--set-faulty").option("--remove", "-r")
                .option("--add", "-a").option("--replace").option("--with").parse(args);
        if (parsed.positionals().size() != 1) {
            throw new UsageException(parsed.positionals().isEmpty() ? "--manage needs the array name"
                    : "unexpected argument '" + parsed.positionals().get(1) + "'", USAGE);
        }
        String array = parsed.positionals().get(0);
        int actions = 0;
        for (String option : List.of("--fail", "--remove", "--add", "--replace")) {
            actions += parsed.value(option).isPresent() ? 1 : 0;
        }
        if (actions != 1) {
            throw new UsageException("give exactly one of --fail, --remove, --add, --replace", USAGE);
        }
        if (parsed.value("--with").isPresent() && parsed.value("--replace").isEmpty()) {
            throw new UsageException("--with goes with --replace", USAGE);
        }
        if (parsed.value("--fail").isPresent()) {
            return Control.forward(invocation, "fail", List.of(array, parsed.value("--fail").get()));
        }
        if (parsed.value("--remove").isPresent()) {
            return Control.forward(invocation, "remove", List.of(array, parsed.value("--remove").get()));
        }
        if (parsed.value("--add").isPresent()) {
            return Control.forward(invocation, "add", List.of(array, parsed.value("--add").get()));
        }
        return Control.forward(invocation, "replace", List.of(array, parsed.value("--replace").get(),
                parsed.value("--with").orElse("")));
    }
}
