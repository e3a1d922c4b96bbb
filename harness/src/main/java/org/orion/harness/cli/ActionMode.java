package org.orion.harness.cli;

import java.util.List;
import java.util.Locale;
import org.orion.driver.api.array.SyncStatus;

/**
 * {@code orion --action=check|repair MEMBER...}: md's sync_action run in the foreground. The array
 * is assembled (read-only for {@code check}, which then changes nothing on the members), the pass
 * runs to its end with progress on a terminal, and the mismatch count (md's mismatch_cnt, in
 * 512-byte sectors) and the inconsistent array ranges are printed.
 */
final class ActionMode implements Mode {
    private static final String USAGE = "orion --action=check|repair [OPTIONS] MEMBER...";

    @Override
    public String name() {
        return "--action";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "check or repair parity and mirrors (md's sync_action), with mismatch ranges";
    }

    @Override
    public String help() {
        return "Assembles the array from its members and runs md's check (read everything, count what does not\n"
                + "match, change nothing: the array is assembled read-only) or repair (also rewrite parity and\n"
                + "mirror copies to match the data), then prints mismatch_cnt and the mismatched array ranges.\n\n"
                + "Options:\n"
                + "  -f, --force   as for --assemble\n"
                + "  -R, --run     as for --assemble\n"
                + "  -q, --quiet   no progress line\n\n"
                + "Exit status: 0 when the pass found everything consistent (or repaired it), 1 when check found\n"
                + "mismatches.\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).option("--action").flag("--force", "-f").flag("--run", "-R")
                .flag("--quiet", "-q").parse(args);
        List<String> words = parsed.positionals();
        String action = parsed.value("--action").orElseGet(() -> words.isEmpty() ? "" : words.get(0))
                .toLowerCase(Locale.ROOT);
        List<String> memberArgs = parsed.value("--action").isPresent() ? words
                : words.subList(Math.min(1, words.size()), words.size());
        if (!action.equals("check") && !action.equals("repair")) {
            throw new UsageException("--action takes check or repair, not '" + action + "'", USAGE);
        }
        if (memberArgs.isEmpty()) {
            throw new UsageException("--action=" + action + " needs the array's members", USAGE);
        }
        boolean readOnly = action.equals("check");
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            MemberArguments members = MemberArguments.open(session, invocation, memberArgs,
                    readOnly ? MemberArguments.Options.forReading() : MemberArguments.Options.forWriting());
            ArrayStarter.Started started;
            try {
                started = ArrayStarter.start(session, members, null, parsed.has("--force"), parsed.has("--run"),
                        readOnly, null);
            } catch (RuntimeException e) {
                members.close();
                throw e;
            }
            var array = started.device();
            try {
                SyncProgress progress = SyncProgress.forInvocation(invocation, parsed.has("--quiet"));
                if (started.resyncDue()) {
                    progress.await(array, true);
                }
                array.startSync(action);
                SyncStatus result = progress.await(array, true);
                array.stop();
                invocation.out().print(report(array.status().name(), action, result));
                return action.equals("check") && result.mismatchBytes() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
            } finally {
                array.close();
            }
        }
    }

    /** "md0: check complete: mismatch_cnt 16 (8192 bytes)" and one line per mismatched range. */
    static String report(String name, String action, SyncStatus result) {
        StringBuilder out = new StringBuilder(name).append(": ").append(action).append(" complete: mismatch_cnt ")
                .append(result.mismatchBytes() / 512).append(" (").append(result.mismatchBytes()).append(" bytes)\n");
        for (long[] range : result.mismatchRanges()) {
            out.append("  mismatch in array bytes ").append(range[0]).append('-').append(range[1])
                    .append(action.equals("repair") ? " (repaired)" : "").append('\n');
        }
        return out.toString();
    }
}
