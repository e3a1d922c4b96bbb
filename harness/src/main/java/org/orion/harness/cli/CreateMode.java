package org.orion.harness.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.ContentSignature;
import org.orion.driver.api.block.ContentSignatures;

/**
 * {@code orion --create}: mdadm's create on image files, block devices and simulated disks. The
 * RAID driver checks everything before it writes a byte (sizes, counts, existing superblocks); this
 * mode adds what only a command line knows (a member named twice, a file system on a member, image
 * files to create) and, as there is no daemon yet, runs the initial resync to its end in the
 * foreground and stops the array cleanly, so it can be assembled by Orion or Linux md at once.
 */
final class CreateMode implements Mode {
    /** Where an array keeps running after a command that started it ends. */
    static final String KEEP_RUNNING = "to keep an array running, list it under [[arrays]] in orion.toml and run"
            + " 'orion serve'";
    private static final String USAGE = "orion --create NAME --level=L --raid-devices=N [OPTIONS] MEMBER...";

    @Override
    public String name() {
        return "--create";
    }

    @Override
    public List<String> aliases() {
        return List.of("-C");
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "create an array with md 1.2 superblocks (mdadm --create)";
    }

    @Override
    public String help() {
        return "Writes md metadata 1.2 superblocks on the members, as mdadm --create does, runs the initial\n"
                + "resync in the foreground (progress on a terminal) and stops the array cleanly. Linux md and\n"
                + "orion --assemble can then start it. A MEMBER is an image file, a block device, a simulated\n"
                + "disk of orion.toml (sata0/d2), or 'missing' for an empty slot; members come in role order,\n"
                + "spares last. NAME is md0, /dev/md0 or /dev/md/NAME.\n\n"
                + "Options:\n"
                + "  -l, --level=L           raid0 (stripe), raid1 (mirror), raid4, raid5, raid6, raid10\n"
                + "  -n, --raid-devices=N    number of member slots\n"
                + "  -x, --spare-devices=N   number of spares listed after the members (default 0)\n"
                + "  -c, --chunk=SIZE        chunk size; a bare number is KiB (default 512K; not for raid1)\n"
                + "  -p, --layout=L          left-symmetric (default), left-asymmetric, right-symmetric,\n"
                + "                          right-asymmetric, parity-first, parity-last; raid10: n2, f2, o2\n"
                + "  -z, --size=SIZE         space used on each member; a bare number is KiB. Image files that\n"
                + "                          do not exist are created sparse (smaller ones grown) to hold it\n"
                + "  -e, --metadata=1.2      the only format Orion writes (the default)\n"
                + "      --assume-clean      skip the initial resync (the members must already agree)\n"
                + "  -f, --force             overwrite members holding a superblock or a file system\n"
                + "      --homehost=NAME     stored as NAME:array (default: this host's name)\n"
                + "  -R, --run               accepted for mdadm compatibility (Orion never asks)\n"
                + "  -q, --quiet             no progress line and no messages\n\n"
                + "Refused, with nothing written: a member listed twice, one that is too small, one holding a\n"
                + "superblock or file system (without --force), a level or count the level cannot take.\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE)
                .option("--level", "-l").option("--raid-devices", "-n").option("--spare-devices", "-x")
                .option("--chunk", "-c").option("--layout", "-p", "--parity").option("--size", "-z")
                .option("--metadata", "-e").option("--homehost")
                .flag("--assume-clean").flag("--force", "-f").flag("--run", "-R").flag("--quiet", "-q")
                .parse(args);
        List<String> words = parsed.positionals();
        if (words.isEmpty()) {
            throw new UsageException("--create needs an array name and its members", USAGE);
        }
        String name = MdadmValues.arrayName(words.get(0), USAGE);
        List<String> memberArgs = words.subList(1, words.size());
        int level = MdadmValues.level(parsed.value("--level").orElseThrow(
                () -> new UsageException("--create needs --level (raid0, raid1, raid4, raid5, raid6 or raid10)", USAGE)),
                USAGE);
        int raidDevices = MdadmValues.count("--raid-devices", parsed.value("--raid-devices").orElseThrow(
                () -> new UsageException("--create needs --raid-devices=N, the number of member slots", USAGE)), 1, USAGE);
        int spares = parsed.value("--spare-devices").map(v -> MdadmValues.count("--spare-devices", v, 0, USAGE))
                .orElse(0);
        int chunkBytes = parsed.value("--chunk").map(v -> (int) Math.min(Integer.MAX_VALUE,
                MdadmValues.kibSize("--chunk", v, USAGE))).orElse(0);
        long sizeBytes = parsed.value("--size").map(v -> MdadmValues.kibSize("--size", v, USAGE)).orElse(0L);
        parsed.value("--metadata").ifPresent(MdadmValues::checkMetadata);
        if (memberArgs.size() != raidDevices + spares) {
            throw new UsageException(memberArgs.size() + " member(s) given, but --raid-devices=" + raidDevices
                    + (spares > 0 ? " and --spare-devices=" + spares : "") + " need " + (raidDevices + spares)
                    + ": list one device (or 'missing') per slot, then the spares", USAGE);
        }
        boolean quiet = parsed.has("--quiet");
        boolean force = parsed.has("--force");
        String homehost = parsed.value("--homehost").orElseGet(CreateMode::hostName);

        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            long imageBytes = sizeBytes > 0 ? session.raid().minimumDeviceBytes(level, chunkBytes, sizeBytes) : 0;
            MemberArguments members = MemberArguments.open(session, invocation, memberArgs,
                    new MemberArguments.Options(true, true, false, imageBytes));
            ArrayDevice array;
            try {
                if (!force) {
                    refuseExistingData(members);
                }
                array = session.raid().create(new CreateRequest(name, homehost, level, parsed.value("--layout")
                        .orElse(null), chunkBytes, raidDevices, spares, sizeBytes, parsed.has("--assume-clean"), force),
                        members.devices());
                members.handOver();
            } catch (RuntimeException e) {
                members.close();
                members.rollback();
                throw e;
            }
            boolean resyncDue = !parsed.has("--assume-clean") && level != 0 && array.status().missingCount() == 0;
            return finish(invocation, array, name, members, quiet, session, resyncDue);
        }
    }

    private static int finish(Invocation invocation, ArrayDevice array, String name, MemberArguments members,
                              boolean quiet, RaidSession session, boolean resyncDue) {
        try {
            if (!quiet) {
                invocation.err().println("orion: array " + name + " started.");
            }
            boolean syncing = resyncDue || array.sync().isRunning();
            SyncProgress.forInvocation(invocation, quiet).await(array, syncing);
            array.stop();
            String state = examineState(session, members);
            if (!state.equals("clean")) {
                throw new OrionException(ErrorCode.INTERNAL, name + ": the superblocks say '" + state
                        + "' after the initial resync: the array will resync when next assembled (please report this)");
            }
            if (!quiet) {
                invocation.err().println("orion: " + name + ": " + (syncing ? "initial resync complete; " : "")
                        + "stopped cleanly (" + KEEP_RUNNING + ")");
            }
            return ExitCodes.OK;
        } finally {
            array.close();
        }
    }

    /** "clean" or "active" from the first present member's superblock, as --examine reports it. */
    private static String examineState(RaidSession session, MemberArguments members) {
        for (BlockDevice device : members.devices()) {
            if (device != null) {
                String text = session.raid().examine(device, "text");
                var m = java.util.regex.Pattern.compile("(?m)^\\s*State : (\\S+)$").matcher(text);
                return m.find() ? m.group(1) : "unknown";
            }
        }
        return "clean";
    }

    private static void refuseExistingData(MemberArguments members) {
        for (BlockDevice device : members.devices()) {
            if (device == null) {
                continue;
            }
            // md superblocks are the RAID driver's to judge; here: file systems, swap, partition tables.
            Optional<ContentSignature> found = ContentSignatures.scan(device).stream()
                    .filter(signature -> !signature.isMdSuperblock()).findFirst();
            if (found.isPresent()) {
                throw new OrionException(ErrorCode.CONFLICT, device.info().name() + " appears to contain "
                        + found.get().describe() + ": use another device, erase it first (wipefs -a), or --force to overwrite it");
            }
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
