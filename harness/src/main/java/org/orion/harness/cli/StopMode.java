package org.orion.harness.cli;

import java.util.List;
import java.util.Optional;
import org.orion.harness.control.ControlClient;

/**
 * {@code orion --stop NAME}: stops an array running in {@code orion serve}, through its control
 * socket. Arrays run nowhere else: {@code --create}, {@code --assemble}, {@code --detail} and
 * {@code orion image} stop every array they start, cleanly, before they exit. So with no kernel
 * running there is nothing to stop, and the mode says so (exit 1) instead of "unknown mode".
 */
final class StopMode implements Mode {
    private static final String USAGE = "orion --stop NAME";

    @Override
    public String name() {
        return "--stop";
    }

    @Override
    public List<String> aliases() {
        return List.of("-S");
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "stop an array running in 'orion serve' (mdadm --stop)";
    }

    @Override
    public String help() {
        return "Stops NAME in the running 'orion serve' cleanly (superblocks marked clean). Arrays run nowhere\n"
                + "else: --create, --assemble, --detail and 'orion image' stop every array they start before they\n"
                + "exit. Without a running kernel this says there is nothing to stop and exits 1.\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--quiet", "-q").parse(args);
        if (parsed.positionals().size() != 1) {
            throw new UsageException(parsed.positionals().isEmpty() ? "--stop needs an array name"
                    : "unexpected argument '" + parsed.positionals().get(1) + "'", USAGE);
        }
        String name = parsed.positionals().get(0).replaceFirst("^/dev/(md/)?", "");
        Optional<ControlClient> kernel = ControlClient.connectIfRunning(
                ServeMode.socketPath(invocation.configOrDefaults()));
        if (kernel.isPresent()) {
            return Control.print(invocation, kernel.get().call("stop", List.of(name)));
        }
        invocation.err().println("orion: " + name + " is not running: arrays run only inside 'orion serve' (none is"
                + " running); --create and --assemble stop the arrays they start cleanly when they finish");
        return ExitCodes.FAILURE;
    }
}
