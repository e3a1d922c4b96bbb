package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.harness.config.ControllerSpec;
import org.orion.harness.config.DiskSpec;

/**
 * {@code orion --examine}: each member's md superblock as {@code mdadm --examine} prints it (the
 * RAID driver formats it; field names, order and wording are mdadm's), {@code --brief} as config
 * lines, or {@code --json} ({@code orion.examine/1}; an array of such documents for several
 * members). Reads only. A member without a superblock is reported and the others still printed.
 */
final class ExamineMode implements Mode {
    private static final String USAGE = "orion --examine [--brief|--json] MEMBER... (or --scan)";

    @Override
    public String name() {
        return "--examine";
    }

    @Override
    public List<String> aliases() {
        return List.of("-E");
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "print the md superblock of each member (mdadm --examine)";
    }

    @Override
    public String help() {
        return "Prints each member's md superblock as mdadm --examine does. Writes nothing.\n\n"
                + "Options:\n"
                + "  -b, --brief   one 'ARRAY ...' line per array, usable in a configuration file\n"
                + "  -s, --scan    examine every simulated disk of orion.toml (implies --brief)\n"
                + "      --json    a JSON document per member (schema \"orion.examine/1\"); a JSON array of them\n"
                + "                for several members\n\n"
                + "Exit status: 0 if every member had a superblock, else the first failure's status\n"
                + "(4 not found: no md superblock).\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--brief", "-b").flag("--scan", "-s").flag("--json")
                .flag("--verbose", "-v").parse(args);
        List<String> memberArgs = new ArrayList<>(parsed.positionals());
        boolean scan = parsed.has("--scan");
        if (scan && memberArgs.isEmpty()) {
            for (ControllerSpec controller : invocation.configOrDefaults().controllers()) {
                for (DiskSpec disk : controller.disks()) {
                    memberArgs.add(controller.deviceName(disk));
                }
            }
        }
        if (memberArgs.isEmpty()) {
            throw new UsageException("--examine needs at least one member" + (scan ? " (orion.toml defines no disks)"
                    : ""), USAGE);
        }
        String format = parsed.has("--json") ? "json" : parsed.has("--brief") || scan ? "brief" : "text";
        int status = ExitCodes.OK;
        List<String> outputs = new ArrayList<>();
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            for (String member : memberArgs) {
                try (MemberArguments opened = MemberArguments.open(session, invocation, List.of(member),
                        new MemberArguments.Options(false, false, true, 0))) {
                    BlockDevice device = opened.devices().get(0);
                    outputs.add(session.raid().examine(device, format));
                } catch (OrionException e) {
                    invocation.err().println("orion: " + e.getMessage());
                    status = status == ExitCodes.OK ? e.code().exitCode() : status;
                }
            }
        }
        invocation.out().print(render(format, outputs));
        return status;
    }

    private static String render(String format, List<String> outputs) {
        switch (format) {
            case "brief":
                Set<String> lines = new LinkedHashSet<>(outputs);
                return String.join("", lines);
            case "json":
                if (outputs.size() == 1) {
                    return outputs.get(0);
                }
                StringBuilder array = new StringBuilder("[\n");
                for (int i = 0; i < outputs.size(); i++) {
                    array.append(outputs.get(i).strip()).append(i + 1 < outputs.size() ? ",\n" : "\n");
                }
                return outputs.isEmpty() ? "" : array.append("]\n").toString();
            default:
                return String.join("", outputs);
        }
    }
}
