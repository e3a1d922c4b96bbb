package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.harness.config.ArraySpec;
import org.orion.harness.control.ControlClient;

/**
 * {@code orion --detail}: assembles the array read-only (degraded allowed; nothing is written) and
 * prints mdadm's {@code --detail} for it, {@code --brief} as a config line, or {@code --json}
 * ({@code orion.detail/1}). The array is named by its members, or by an {@code [[arrays]]} name of
 * orion.toml whose members are used.
 */
final class DetailMode implements Mode {
    private static final String USAGE = "orion --detail [--brief] [--json] NAME|MEMBER...";

    @Override
    public String name() {
        return "--detail";
    }

    @Override
    public List<String> aliases() {
        return List.of("-D");
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "assemble read-only and describe an array (mdadm --detail)";
    }

    @Override
    public String help() {
        return "For an array running in 'orion serve', asks it. Otherwise assembles the array read-only from\n"
                + "its members (or from the members an [[arrays]] entry of orion.toml lists for NAME), prints what\n"
                + "mdadm --detail prints, and stops it. Writes nothing.\n\n"
                + "Options:\n"
                + "  -b, --brief   the 'ARRAY ...' configuration line\n"
                + "      --json    a JSON document (schema \"" + DetailJson.SCHEMA + "\")\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--brief", "-b").flag("--json").flag("--verbose", "-v")
                .flag("--scan", "-s").parse(args);
        List<String> words = parsed.positionals();
        if (words.isEmpty()) {
            throw new UsageException("--detail needs an array name from orion.toml or the array's members", USAGE);
        }
        Optional<ControlClient> kernel = runningWith(invocation, words);
        if (kernel.isPresent()) {
            if (parsed.has("--json")) {
                throw new OrionException(ErrorCode.UNSUPPORTED, words.get(0) + " runs in 'orion serve', which does not"
                        + " answer --json yet: drop --json, or stop it and run --detail --json on its members");
            }
            return Control.print(invocation, kernel.get().call("detail", List.of(
                    words.get(0).replaceFirst("^/dev/(md/)?", ""), parsed.has("--brief") ? "brief" : "text")));
        }
        List<String> memberArgs = members(invocation, words);
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            MemberArguments members = MemberArguments.open(session, invocation, memberArgs,
                    MemberArguments.Options.forReading());
            ArrayStarter.Started started;
            try {
                started = ArrayStarter.start(session, members, null, true, true, true, null);
            } catch (RuntimeException e) {
                members.close();
                throw e;
            }
            try {
                var array = started.device();
                String text = parsed.has("--json") ? DetailJson.of(array)
                        : array.detail(parsed.has("--brief") ? "brief" : "text");
                invocation.out().print(text);
            } finally {
                started.device().close();
            }
        }
        return ExitCodes.OK;
    }

    private static String configName(Invocation invocation) {
        String name = invocation.configOrDefaults().displayName();
        return name.startsWith("(") ? "orion.toml (there is none here)" : name;
    }

    /** The running kernel, when one word names an array it runs. */
    private static Optional<ControlClient> runningWith(Invocation invocation, List<String> words) {
        if (words.size() != 1 || java.nio.file.Files.exists(invocation.cwd().resolve(words.get(0)))) {
            return Optional.empty();
        }
        Optional<ControlClient> kernel = ControlClient.connectIfRunning(
                ServeMode.socketPath(invocation.configOrDefaults()));
        String name = words.get(0).replaceFirst("^/dev/(md/)?", "");
        return kernel.filter(k -> k.call("list", List.of()).body().lines().anyMatch(name::equals));
    }

    /** One word naming a configured array stands for its members and spares; otherwise the words are members. */
    private static List<String> members(Invocation invocation, List<String> words) {
        if (words.size() == 1 && !java.nio.file.Files.exists(invocation.cwd().resolve(words.get(0)))) {
            String name = words.get(0).replaceFirst("^/dev/(md/)?", "");
            Optional<ArraySpec> spec = invocation.configOrDefaults().arrays().stream()
                    .filter(a -> a.name().equals(name)).findFirst();
            if (spec.isPresent()) {
                List<String> members = new ArrayList<>(spec.get().members());
                members.addAll(spec.get().spares());
                return members;
            }
            if (!RaidSession.isSimulatedDisk(invocation.configOrDefaults(), words.get(0))) {
                throw new OrionException(ErrorCode.NOT_FOUND, "no array or member named " + words.get(0) + ": give"
                        + " the array's members (orion --detail disk0.img disk1.img ...) or an [[arrays]] name of "
                        + configName(invocation));
            }
        }
        return words;
    }
}
