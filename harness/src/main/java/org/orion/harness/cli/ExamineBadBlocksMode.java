package org.orion.harness.cli;

import java.util.List;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;

/**
 * {@code orion --examine-badblocks}: each member's bad-block log as {@code mdadm
 * --examine-badblocks} lists it ("Bad-blocks on DEV:", then one "SECTOR for N sectors" line per
 * entry, sectors counted from the start of the device). Reads only. A member without a
 * superblock or without a log area, or with a damaged log, is reported in one line and the others
 * are still listed; the exit status is then the first failure's.
 */
final class ExamineBadBlocksMode implements Mode {
    private static final String USAGE = "orion --examine-badblocks MEMBER...";

    @Override
    public String name() {
        return "--examine-badblocks";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "list the bad blocks recorded on each member (mdadm --examine-badblocks)";
    }

    @Override
    public String help() {
        return "Lists the sectors md's bad-block log records on each member, as mdadm --examine-badblocks\n"
                + "does: sectors a rebuild could not reconstruct there, which read as errors until rewritten.\n"
                + "Sectors count from the start of the device (the data offset included). Writes nothing.\n\n"
                + "Exit status: 0 if every member's log was listed, else the first failure's status\n"
                + "(4 not found: no md superblock, or no bad-block log; 7 corrupt: a damaged log).\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--verbose", "-v").parse(args);
        List<String> memberArgs = parsed.positionals();
        if (memberArgs.isEmpty()) {
            throw new UsageException("--examine-badblocks needs at least one member", USAGE);
        }
        int status = ExitCodes.OK;
        StringBuilder out = new StringBuilder();
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            for (String member : memberArgs) {
                try (MemberArguments opened = MemberArguments.open(session, invocation, List.of(member),
                        new MemberArguments.Options(false, false, true, 0))) {
                    BlockDevice device = opened.devices().get(0);
                    out.append(session.raid().examine(device, "badblocks"));
                } catch (OrionException e) {
                    invocation.err().println("orion: " + e.getMessage());
                    status = status == ExitCodes.OK ? e.code().exitCode() : status;
                }
            }
        }
        invocation.out().print(out);
        return status;
    }
}
