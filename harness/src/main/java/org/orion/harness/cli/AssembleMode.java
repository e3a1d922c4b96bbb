package org.orion.harness.cli;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.harness.config.ArraySpec;

/**
 * {@code orion --assemble}: starts an array from its members as mdadm does (event counts decide,
 * stale members are left out and named, a dirty degraded RAID4/5/6 needs {@code --force}, fewer
 * members than last time need {@code --run}), reports like mdadm, runs a resync that an unclean
 * stop left due to its end, and stops the array cleanly again: arrays keep running only inside
 * {@code orion serve}, which comes with a later issue.
 */
final class AssembleMode implements Mode {
    private static final String USAGE = "orion --assemble [NAME] [OPTIONS] MEMBER... (or --scan [NAME...])";

    @Override
    public String name() {
        return "--assemble";
    }

    @Override
    public List<String> aliases() {
        return List.of("-A");
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "assemble an array from its members (mdadm --assemble)";
    }

    @Override
    public String help() {
        return "Finds the array the members belong to from their md superblocks, leaves out stale members\n"
                + "(saying so), starts it (degraded if the level allows), runs any resync an unclean stop made\n"
                + "due, and stops it cleanly (arrays keep running only inside 'orion serve').\n"
                + "NAME (md0, /dev/md0) names the array; without it the name in the superblocks is used. If the\n"
                + "first word is an existing file or a simulated disk, every word is a member.\n\n"
                + "Options:\n"
                + "  -s, --scan       assemble the [[arrays]] of orion.toml (all, or those named) from their members\n"
                + "  -u, --uuid=UUID  use only the listed devices that belong to array UUID, passing over the rest\n"
                + "  -f, --force      start a dirty degraded RAID4/5/6 anyway (its parity may not match its data)\n"
                + "  -R, --run        start even with fewer members than were active when it last ran\n"
                + "  -o, --readonly   assemble without writing anything, report, and stop\n"
                + "  -q, --quiet      no progress line and no messages\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).option("--uuid", "-u").flag("--scan", "-s").flag("--force", "-f")
                .flag("--run", "-R")
                .flag("--readonly", "-o").flag("--quiet", "-q").flag("--verbose", "-v").parse(args);
        List<Target> targets = parsed.has("--scan") ? scanTargets(invocation, parsed.positionals())
                : List.of(explicitTarget(invocation, parsed.positionals()));
        int status = ExitCodes.OK;
        for (Target target : targets) {
            boolean withHardware = MemberArguments.needHardware(invocation, target.members);
            try (RaidSession session = RaidSession.open(invocation, withHardware)) {
                assemble(invocation, session, target, parsed);
            } catch (OrionException e) {
                if (targets.size() == 1) {
                    throw e;
                }
                invocation.err().println("orion: " + e.getMessage());
                status = status == ExitCodes.OK ? e.code().exitCode() : status;
            }
        }
        return status;
    }

    private record Target(String name, List<String> members) {
    }

    private static Target explicitTarget(Invocation invocation, List<String> words) {
        if (words.isEmpty()) {
            throw new UsageException("--assemble needs the members (or --scan)", USAGE);
        }
        String first = words.get(0);
        boolean firstIsMember = Files.exists(invocation.cwd().resolve(first))
                || RaidSession.isSimulatedDisk(invocation.configOrDefaults(), first);
        if (firstIsMember) {
            return new Target(null, words);
        }
        if (words.size() == 1) {
            throw new UsageException("--assemble " + first + " needs the members (or --scan to take them from "
                    + "orion.toml)", USAGE);
        }
        return new Target(MdadmValues.arrayName(first, USAGE), words.subList(1, words.size()));
    }

    private static List<Target> scanTargets(Invocation invocation, List<String> names) {
        if (org.orion.harness.control.ControlClient.connectIfRunning(ServeMode.socketPath(invocation.config()))
                .isPresent()) {
            throw new OrionException(ErrorCode.CONFLICT, "'orion serve' is running and has the arrays of "
                    + invocation.config().displayName() + " assembled: use orion --detail NAME or orion mdstat, or"
                    + " stop it first");
        }
        List<ArraySpec> arrays = invocation.config().arrays();
        if (arrays.isEmpty()) {
            throw new OrionException(ErrorCode.NOT_FOUND, invocation.config().displayName() + " has no [[arrays]]"
                    + " entries: add one, or list the members on the command line");
        }
        List<Target> targets = new ArrayList<>();
        for (ArraySpec spec : arrays) {
            if (names.isEmpty() || names.stream().anyMatch(n -> MdadmValues.arrayName(n, USAGE).equals(spec.name()))) {
                List<String> members = new ArrayList<>(spec.members());
                members.addAll(spec.spares());
                targets.add(new Target(spec.name(), members));
            }
        }
        for (String n : names) {
            String wanted = MdadmValues.arrayName(n, USAGE);
            if (arrays.stream().noneMatch(a -> a.name().equals(wanted))) {
                throw new OrionException(ErrorCode.NOT_FOUND, "no array " + wanted + " in "
                        + invocation.config().displayName() + ": the [[arrays]] entries are "
                        + arrays.stream().map(ArraySpec::name).toList());
            }
        }
        return targets;
    }

    private static void assemble(Invocation invocation, RaidSession session, Target target, ParsedArgs parsed) {
        boolean quiet = parsed.has("--quiet");
        boolean readOnly = parsed.has("--readonly");
        List<String> memberArgs = parsed.value("--uuid").isPresent()
                ? withUuid(invocation, session, target.members, parsed.value("--uuid").get()) : target.members;
        MemberArguments members = MemberArguments.open(session, invocation, memberArgs,
                readOnly ? MemberArguments.Options.forReading() : MemberArguments.Options.forWriting());
        ArrayStarter.Started started;
        try {
            started = ArrayStarter.start(session, members, target.name, parsed.has("--force"), parsed.has("--run"),
                    readOnly, null);
        } catch (RuntimeException e) {
            members.close();
            throw e;
        }
        var array = started.device();
        try {
            var status = started.status();
            if (!quiet) {
                for (String note : status.notes()) {
                    invocation.err().println("orion: " + note);
                }
                invocation.err().println("orion: " + startedLine(started, readOnly, spares(array)));
            }
            if (started.resyncDue()) {
                if (!quiet) {
                    invocation.err().println("orion: " + status.name() + " was not stopped cleanly: resyncing");
                }
                SyncProgress.forInvocation(invocation, quiet).await(array, true);
            }
            array.stop();
            if (!quiet) {
                invocation.err().println("orion: " + status.name() + ": " + (started.resyncDue() ? "resync complete; " : "")
                        + (readOnly ? "stopped (nothing was written)" : "stopped cleanly")
                        + " (" + CreateMode.KEEP_RUNNING + ")");
            }
        } finally {
            array.close();
        }
    }

    /** Spares the array took in: mdadm --detail's "Spare Devices" (the status lists slots only). */
    private static int spares(org.orion.driver.api.array.ArrayDevice array) {
        var m = java.util.regex.Pattern.compile("(?m)^\\s*Spare Devices : (\\d+)$").matcher(array.detail("text"));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /**
     * The devices among {@code candidates} whose superblock names array {@code uuid} (mdadm's
     * {@code --uuid}: the others, with another array's superblock or none, are passed over).
     */
    private static List<String> withUuid(Invocation invocation, RaidSession session, List<String> candidates,
                                         String uuid) {
        String wanted = uuid.replaceAll("[:\\-]", "").toLowerCase(java.util.Locale.ROOT);
        if (!wanted.matches("[0-9a-f]{32}")) {
            throw new UsageException("--uuid " + uuid + " is not an array UUID (32 hex digits, as --examine prints"
                    + " it: 01234567:89abcdef:01234567:89abcdef)", USAGE);
        }
        List<String> found = new ArrayList<>();
        for (String candidate : candidates) {
            try (MemberArguments one = MemberArguments.open(session, invocation, List.of(candidate),
                    new MemberArguments.Options(false, false, true, 0))) {
                String brief = session.raid().examine(one.devices().get(0), "brief");
                var m = java.util.regex.Pattern.compile("UUID=(\\S+)").matcher(brief);
                if (m.find() && m.group(1).replace(":", "").equals(wanted)) {
                    found.add(candidate);
                }
            } catch (OrionException e) {
                // Not a member of any array (or unreadable): not one of the devices asked for.
            }
        }
        if (found.isEmpty()) {
            throw new OrionException(ErrorCode.NOT_FOUND, "no device among " + candidates + " belongs to array " + uuid
                    + ": check the UUID (orion --examine --brief lists it) and the device names");
        }
        return found;
    }

    /** mdadm's "md0 has been started with 3 drives (out of 4) and 1 spare." */
    static String startedLine(ArrayStarter.Started started, boolean readOnly, int spares) {
        var status = started.status();
        int working = started.workingSlots();
        int slots = status.members().size();
        StringBuilder line = new StringBuilder(status.name()).append(" has been started")
                .append(readOnly ? " read-only" : "").append(" with ").append(working)
                .append(working == 1 ? " drive" : " drives");
        if (working < slots) {
            line.append(" (out of ").append(slots).append(')');
        }
        if (spares > 0) {
            line.append(" and ").append(spares).append(spares == 1 ? " spare" : " spares");
        }
        return line.append('.').toString();
    }
}
