package org.orion.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.orion.harness.control.ControlClient;
import org.orion.harness.control.ControlReply;
import org.orion.harness.event.MonitoredEvent;
import org.orion.harness.event.ProgramHook;

/**
 * {@code orion --monitor}: follows the events of the running kernel, as {@code mdadm --monitor}
 * follows md's. One line per event on stdout: the time and mdadm's wording, or with {@code --json}
 * the {@code orion.event/1} object itself. With {@code --program PATH} each event also runs
 * {@code PATH <Event> <md-device> [<component>]}, as mdadm's {@code --program} does.
 */
final class MonitorMode implements Mode {
    private static final String USAGE = "orion --monitor [--json] [--program PATH] [--test] [--oneshot]";

    @Override
    public String name() {
        return "--monitor";
    }

    @Override
    public List<String> aliases() {
        return List.of("-F", "--follow");
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "print the running kernel's events as they happen (Fail, RebuildStarted, SpareActive, ...)";
    }

    @Override
    public String help() {
        return "Connects to the running kernel ('orion serve') and prints one line per event until interrupted or\n"
                + "until the kernel stops (exit 1 then). Events use mdadm's names where mdadm has one: Fail, FailSpare,\n"
                + "SpareActive, DegradedArray, RebuildStarted, Rebuild20/40/60/80, RebuildFinished, SparesMissing,\n"
                + "NewArray, DeviceDisappeared, MoveSpare, TestMessage; and Orion's own: MismatchesFound, BadBlocksRecorded,\n"
                + "SpareNotUsed, MemberSlow, PredictedFailure, ReadErrorCorrected, ArrayFailed. The kernel drops repeats\n"
                + "of an event within 10 s and rate-limits floods of one kind.\n"
                + "Options:\n"
                + "  --json           print each event as an orion.event/1 JSON object on one line\n"
                + "  --program PATH   also run PATH <Event> <md-device> [<component>] for each event (mdadm's\n"
                + "                   --program; one at a time, killed after 10 s, exit status logged)\n"
                + "  --test           have the kernel send a TestMessage for every array first (it reaches the\n"
                + "                   kernel's log, events file and program too)\n"
                + "  --oneshot        stop after the test messages instead of following\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--json").flag("--test", "-t").flag("--oneshot", "-1")
                .option("--program", "-p", "--alert").parse(args);
        if (!parsed.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'", USAGE);
        }
        Optional<Path> program = parsed.value("--program").map(p -> invocation.cwd().resolve(p));
        if (program.isPresent() && !Files.isExecutable(program.get())) {
            throw new UsageException("--program " + parsed.value("--program").get() + " is not an executable file",
                    USAGE);
        }
        Optional<ControlClient> client = Control.running(invocation);
        if (client.isEmpty()) {
            invocation.err().println("orion: no running kernel to monitor (start one with 'orion serve'; control socket "
                    + ServeMode.socketPath(invocation.config()) + ")");
            return ExitCodes.FAILURE;
        }
        List<String> words = new ArrayList<>();
        if (parsed.has("--test")) {
            words.add("test");
        }
        if (parsed.has("--oneshot")) {
            words.add("oneshot");
        }
        boolean json = parsed.has("--json");
        ControlReply reply;
        ProgramHook hook = program.map(p -> new ProgramHook(p, ProgramHook.DEFAULT_TIMEOUT)).orElse(null);
        try {
            reply = client.get().stream("monitor", words, line -> {
                MonitoredEvent event = MonitoredEvent.parse(line);
                invocation.out().println(json ? event.json() : event.time() + " " + event.message());
                invocation.out().flush();
                if (hook != null) {
                    hook.run(event.kind(), event.subject(), event.component());
                }
            });
        } finally {
            if (hook != null) {
                hook.close();
            }
        }
        if (reply.status() != 0) {
            return Control.print(invocation, reply);
        }
        if (!parsed.has("--oneshot") && !Thread.currentThread().isInterrupted()) {
            invocation.err().println("orion: the running kernel stopped; nothing more to monitor");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }
}
