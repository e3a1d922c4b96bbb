package org.orion.harness.cli;

import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;

/**
 * {@code orion --zero-superblock}: erases the md superblock of each member, as mdadm does, so the
 * device can be used elsewhere. Every member is checked first: if one has no superblock (and
 * {@code --force} is not given) nothing is erased anywhere.
 */
final class ZeroSuperblockMode implements Mode {
    private static final String USAGE = "orion --zero-superblock [--force] MEMBER...";

    @Override
    public String name() {
        return "--zero-superblock";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "erase the md superblock of devices (mdadm --zero-superblock)";
    }

    @Override
    public String help() {
        return "Erases the md superblock of each member so that no array claims it any more. The data\n"
                + "area is left as it was. Every member must carry a superblock, or nothing is erased.\n\n"
                + "Options:\n"
                + "  -f, --force   skip members without a superblock instead of refusing\n"
                + "  -q, --quiet   no messages\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--force", "-f").flag("--quiet", "-q")
                .flag("--verbose", "-v").parse(args);
        List<String> memberArgs = parsed.positionals();
        if (memberArgs.isEmpty()) {
            throw new UsageException("--zero-superblock needs at least one member", USAGE);
        }
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs));
             MemberArguments members = MemberArguments.open(session, invocation, memberArgs,
                     MemberArguments.Options.forWriting())) {
            boolean[] present = new boolean[memberArgs.size()];
            for (int i = 0; i < present.length; i++) {
                BlockDevice device = members.devices().get(i);
                try {
                    session.raid().examine(device, "brief");
                    present[i] = true;
                } catch (OrionException e) {
                    if (e.code() != ErrorCode.NOT_FOUND || !parsed.has("--force")) {
                        throw new OrionException(e.code(), "Unrecognised md component device - " + device.info().name()
                                + ": " + e.getMessage() + (e.code() == ErrorCode.NOT_FOUND
                                ? " (nothing was erased; leave it out, or use --force to skip it)" : ""), e);
                    }
                }
            }
            for (int i = 0; i < present.length; i++) {
                if (present[i]) {
                    session.raid().zeroSuperblock(members.devices().get(i));
                    if (!parsed.has("--quiet") && parsed.has("--verbose")) {
                        invocation.err().println("orion: erased the md superblock of " + memberArgs.get(i));
                    }
                }
            }
        }
        return ExitCodes.OK;
    }
}
