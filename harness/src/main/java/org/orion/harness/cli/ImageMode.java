package org.orion.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;
import org.orion.harness.config.ByteSizes;

/**
 * {@code orion image export|import}: an array's whole content to or from a plain file.
 * {@code export} assembles read-only (degraded allowed; nothing is written to a member), so it is
 * how to recover a volume from the member images of a dead machine, md-made arrays included, with
 * no kernel driver at all. {@code import} assembles normally and writes the file into the array
 * through the ordinary write path (parity and mirrors kept), then stops the array cleanly.
 */
final class ImageMode implements Mode {
    private static final String USAGE = "orion image {export MEMBER... [-o FILE] | import FILE MEMBER...}";
    private static final int IO_BYTES = 1 << 20;

    @Override
    public String name() {
        return "image";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "copy an array's content to a file (read-only, degraded allowed) or a file into an array";
    }

    @Override
    public String help() {
        return "export: assembles the array read-only from its members (degraded is fine; nothing is written to\n"
                + "  them) and writes its whole content to FILE, or to standard output without -o.\n"
                + "import: writes FILE into the array from its start through the normal write path (parity and\n"
                + "  mirrors follow), then stops the array cleanly. FILE may be smaller than the array (the rest\n"
                + "  is left as it was; a partial last sector is padded with zeros), never larger.\n\n"
                + "Options:\n"
                + "  -o, --output FILE   export: where to write (default: standard output)\n"
                + "  -f, --force         import: as for --assemble (start a dirty degraded array)\n"
                + "  -R, --run           import: as for --assemble (start with fewer members than last time)\n"
                + "  -q, --quiet         no progress and no messages\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).option("--output", "-o").flag("--force", "-f").flag("--run", "-R")
                .flag("--quiet", "-q").parse(args);
        List<String> words = parsed.positionals();
        if (words.isEmpty()) {
            throw new UsageException("image needs a subcommand: export or import", USAGE);
        }
        switch (words.get(0)) {
            case "export":
                if (words.size() < 2) {
                    throw new UsageException("image export needs the array's members", USAGE);
                }
                return export(invocation, words.subList(1, words.size()), parsed);
            case "import":
                if (words.size() < 3) {
                    throw new UsageException("image import needs a FILE and the array's members", USAGE);
                }
                if (parsed.value("--output").isPresent()) {
                    throw new UsageException("-o is for image export", USAGE);
                }
                return importFile(invocation, words.get(1), words.subList(2, words.size()), parsed);
            default:
                throw new UsageException("unknown image subcommand '" + words.get(0) + "'", USAGE);
        }
    }

    private static int export(Invocation invocation, List<String> memberArgs, ParsedArgs parsed) {
        Path output = parsed.value("--output").filter(o -> !o.equals("-")).map(o -> invocation.cwd().resolve(o))
                .orElse(null);
        if (output != null) {
            refuseMemberAsOutput(invocation, output, memberArgs);
        }
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            ArrayStarter.Started started = startReadOnly(session, invocation, memberArgs);
            ArrayDevice array = started.device();
            try {
                long bytes = array.info().capacityBytes();
                if (output == null) {
                    copyOut(array, invocation.out());
                } else {
                    Path partial = output.resolveSibling(output.getFileName() + ".partial");
                    try (OutputStream out = Files.newOutputStream(partial)) {
                        copyOut(array, out);
                    } catch (IOException | RuntimeException e) {
                        deleteQuietly(partial);
                        throw e instanceof IOException io ? new OrionException(ErrorCode.IO, "cannot write "
                                + output + ": " + io.getMessage() + " (check the directory and free space)") : (RuntimeException) e;
                    }
                    move(partial, output);
                }
                if (!parsed.has("--quiet")) {
                    var status = started.status();
                    invocation.err().println("orion: exported " + bytes + " bytes (" + ByteSizes.human(bytes) + ") of "
                            + status.name() + " (" + status.levelName() + ", " + started.workingSlots() + " of "
                            + status.members().size() + " members)" + (output == null ? "" : " to "
                            + parsed.value("--output").orElse("")));
                }
            } finally {
                array.close();
            }
        }
        return ExitCodes.OK;
    }

    private static ArrayStarter.Started startReadOnly(RaidSession session, Invocation invocation, List<String> memberArgs) {
        MemberArguments members = MemberArguments.open(session, invocation, memberArgs, MemberArguments.Options.forReading());
        try {
            return ArrayStarter.start(session, members, null, true, true, true, null);
        } catch (RuntimeException e) {
            members.close();
            throw e;
        }
    }

    private static void copyOut(ArrayDevice array, OutputStream out) {
        long capacity = array.info().capacityBytes();
        int step = Math.min(IO_BYTES, array.info().maxTransferBytes()) / array.info().logicalBlockBytes()
                * array.info().logicalBlockBytes();
        ByteBuffer buffer = ByteBuffer.allocate(step);
        try {
            for (long at = 0; at < capacity; at += step) {
                int length = (int) Math.min(step, capacity - at);
                IoStatus status = SyncIo.read(array, at, buffer, 0, length);
                if (status != IoStatus.OK) {
                    throw new OrionException(ErrorCode.IO, array.info().name() + ": reading array bytes " + at + ".."
                            + (at + length) + " failed with " + status + ": too many members are unreadable there");
                }
                out.write(buffer.array(), 0, length);
            }
            out.flush();
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "writing the exported image failed: " + e.getMessage());
        }
    }

    private static int importFile(Invocation invocation, String fileArg, List<String> memberArgs, ParsedArgs parsed) {
        Path file = invocation.cwd().resolve(fileArg);
        if (!Files.isRegularFile(file)) {
            throw new OrionException(ErrorCode.NOT_FOUND, fileArg + " is not a file: name the image to import");
        }
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot read " + fileArg + ": " + e.getMessage());
        }
        refuseMemberAsOutput(invocation, file, memberArgs);
        boolean quiet = parsed.has("--quiet");
        try (RaidSession session = RaidSession.open(invocation, MemberArguments.needHardware(invocation, memberArgs))) {
            MemberArguments members = MemberArguments.open(session, invocation, memberArgs,
                    MemberArguments.Options.forWriting());
            ArrayStarter.Started started;
            try {
                started = ArrayStarter.start(session, members, null, parsed.has("--force"), parsed.has("--run"), false,
                        dry -> {
                            if (fileBytes > dry.info().capacityBytes()) {
                                throw new OrionException(ErrorCode.SIZE, fileArg + " is " + fileBytes + " bytes, more"
                                        + " than the " + dry.info().capacityBytes() + " bytes of " + dry.status().name()
                                        + ": use a larger array or a smaller file");
                            }
                        });
            } catch (RuntimeException e) {
                members.close();
                throw e;
            }
            ArrayDevice array = started.device();
            try {
                SyncProgress progress = SyncProgress.forInvocation(invocation, quiet);
                copyIn(file, array);
                if (started.resyncDue()) {
                    progress.await(array, true);
                }
                array.stop();
                if (!quiet) {
                    invocation.err().println("orion: imported " + fileBytes + " bytes (" + ByteSizes.human(fileBytes)
                            + ") into " + started.status().name() + "; stopped cleanly");
                }
            } finally {
                array.close();
            }
        }
        return ExitCodes.OK;
    }

    private static void copyIn(Path file, ArrayDevice array) {
        int block = array.info().logicalBlockBytes();
        int step = Math.min(IO_BYTES, array.info().maxTransferBytes()) / block * block;
        ByteBuffer buffer = ByteBuffer.allocate(step);
        try (InputStream in = Files.newInputStream(file)) {
            long at = 0;
            while (true) {
                int filled = in.readNBytes(buffer.array(), 0, step);
                if (filled == 0) {
                    break;
                }
                int length = (filled + block - 1) / block * block;
                java.util.Arrays.fill(buffer.array(), filled, length, (byte) 0);
                IoStatus status = SyncIo.write(array, at, buffer, 0, length, 0);
                if (status != IoStatus.OK) {
                    throw new OrionException(ErrorCode.IO, array.info().name() + ": writing array bytes " + at + ".."
                            + (at + length) + " failed with " + status);
                }
                at += length;
                if (filled < step) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "reading " + file + " failed: " + e.getMessage());
        }
        IoStatus flushed = SyncIo.flush(array);
        if (flushed != IoStatus.OK) {
            throw new OrionException(ErrorCode.IO, array.info().name() + ": flush failed with " + flushed);
        }
    }

    /** The image file must not be one of the members (an export would overwrite a member). */
    private static void refuseMemberAsOutput(Invocation invocation, Path file, List<String> memberArgs) {
        for (String member : memberArgs) {
            Path path = invocation.cwd().resolve(member);
            try {
                if (Files.exists(path) && Files.exists(file) && Files.isSameFile(path, file)) {
                    throw new OrionException(ErrorCode.USAGE, file + " is also a member of the array: use another file");
                }
            } catch (IOException e) {
                // Cannot compare: the opens below report a real problem with either file.
            }
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(from);
            throw new OrionException(ErrorCode.IO, "cannot write " + to + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort: the error being reported matters more.
        }
    }
}
