package org.orion.harness.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ByteSizes;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;

/**
 * {@code orion demo}: a RAID6 over six simulated SATA disks (sparse files in a temporary
 * directory, removed afterwards), driven through the kernel and the RAID driver exactly as any
 * client would: write and verify, stop and reassemble with latent sector errors on one disk, then
 * fail two members and show every byte still reads back; finally export it over NBD and read it
 * back through a client ({@link DemoNbdStep}). Runs in seconds; exits 1 if any check fails.
 */
final class DemoMode implements Mode {
    private static final String USAGE = "orion demo [--disk-size SIZE] [--seed N] [--nbd-client auto|nbdcopy|builtin]";
    private static final int MEMBERS = 6;
    private static final int CHUNK_BYTES = 512 * 1024;
    private static final int IO_BYTES = 2 << 20;

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "show a RAID6 over simulated disks surviving media errors and two failed members";
    }

    @Override
    public String help() {
        return "Builds a RAID6 (left-symmetric, 512K chunk) over six simulated SATA disks on sparse files in a\n"
                + "temporary directory, writes and verifies a seeded pattern, reassembles it with latent sector\n"
                + "errors on one disk, fails two members, and checks every byte after each step. Last, it exports\n"
                + "the doubly degraded array over NBD on a free 127.0.0.1 port and reads it back with nbdcopy (if\n"
                + "installed) or a built-in NBD client, comparing sha256 with the array.\n\n"
                + "Options:\n"
                + "  --disk-size SIZE   size of each simulated disk (default 32MiB; e.g. 256MiB)\n"
                + "  --seed N           seed of the data pattern and the injected faults (default 1)\n"
                + "  --nbd-client WHO   client of the NBD step: auto (nbdcopy if on the PATH, else built-in;\n"
                + "                     the default), nbdcopy, or builtin\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).option("--disk-size").option("--seed").option("--nbd-client")
                .parse(args);
        if (!parsed.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'", USAGE);
        }
        long diskBytes = parsed.value("--disk-size").map(DemoMode::diskSize).orElse(32L << 20);
        if (diskBytes < 4L << 20 || diskBytes > 16L << 30) {
            throw new UsageException("--disk-size " + parsed.value("--disk-size").orElse("") + " is outside 4MiB..16GiB", USAGE);
        }
        long seed;
        try {
            seed = Long.parseLong(parsed.value("--seed").orElse("1"));
        } catch (NumberFormatException e) {
            throw new UsageException("--seed needs a whole number", USAGE);
        }
        DemoNbdStep.Client nbdClient;
        try {
            nbdClient = DemoNbdStep.Client.parse(parsed.value("--nbd-client").orElse("auto"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--nbd-client takes auto, nbdcopy or builtin", USAGE);
        }
        Path dir = tempDir();
        try (Kernel kernel = Kernel.create(invocation.config(), NanoClock.system())) {
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).stream().findFirst()
                    .orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND,
                            "no RAID driver is loaded: rebuild with 'mvn -DskipTests install' so raid-driver is on the class path"));
            return new Run(invocation, raid, dir, diskBytes, seed, nbdClient).play();
        } finally {
            deleteTree(dir);
        }
    }

    /** One demo run; prints a numbered line per step. */
    private static final class Run {
        private final Invocation invocation;
        private final ArrayService raid;
        private final Path dir;
        private final long diskBytes;
        private final long seed;
        private final DemoNbdStep.Client nbdClient;
        private final List<SimDiskSpec> specs = new ArrayList<>();
        private int step;

        Run(Invocation invocation, ArrayService raid, Path dir, long diskBytes, long seed, DemoNbdStep.Client nbdClient) {
            this.invocation = invocation;
            this.raid = raid;
            this.dir = dir;
            this.diskBytes = diskBytes;
            this.seed = seed;
            this.nbdClient = nbdClient;
            for (int i = 0; i < MEMBERS; i++) {
                specs.add(new SimDiskSpec("disk" + i, diskBytes, 512, 4096, dir.resolve("disk" + i + ".img"), false));
            }
        }

        int play() {
            long t0 = System.nanoTime();
            ArrayDevice array = assemble(UnaryOperator.identity());
            long size = array.info().capacityBytes();
            say("built md-demo: raid6 left-symmetric, 512K chunk, %d x %s simulated SATA disks, %s usable",
                    MEMBERS, ByteSizes.human(diskBytes), ByteSizes.human(size));
            long t = System.nanoTime();
            write(array, 0, size);
            say("wrote %s of seeded data (%s)", ByteSizes.human(size), rate(size, t));
            t = System.nanoTime();
            verify(array, "healthy");
            say("read back every byte: matches (%s)", rate(size, t));
            array.close();

            FaultyBlockDevice[] disk0 = new FaultyBlockDevice[1];
            array = assemble(d -> {
                if (!d.info().name().endsWith("disk0")) {
                    return d;
                }
                disk0[0] = new FaultyBlockDevice(d, latentErrorsInDataChunks(size));
                return disk0[0];
            });
            long planted = disk0[0].plan().faults().size();
            verify(array, "with latent sector errors");
            say("reassembled with %d unreadable 4K sectors in data chunks of disk0: every byte matches; %d read "
                    + "error(s) served from parity and rewritten, %d bad sector(s) left", planted,
                    array.status().readErrorsCorrected(), disk0[0].badSectorCount());

            array.failMember(2);
            verify(array, "with disk2 failed");
            say("failed disk2 -> %s; every byte matches (data rebuilt from P on the fly)", array.status().state());
            array.failMember(5);
            verify(array, "with disk2 and disk5 failed");
            say("failed disk5 too -> still %s; every byte matches (rebuilt from P+Q)", array.status().state());
            long extra = Math.min(size / 4, 32L << 20) / IO_BYTES * IO_BYTES;
            long offset = size / 4 / IO_BYTES * IO_BYTES;
            t = System.nanoTime();
            rewrittenFrom = offset;
            rewrittenTo = offset + extra;
            write(array, offset, extra);
            verify(array, "after writing while doubly degraded");
            say("wrote %s while two members are gone, flushed, re-read everything: matches (%s write)",
                    ByteSizes.human(extra), rate(extra, t));
            say("%s", DemoNbdStep.run(array, dir, nbdClient));
            printStatus(array.status());
            array.close();
            invocation.out().printf("demo OK in %.1f s: no byte was lost%n", (System.nanoTime() - t0) / 1e9);
            return ExitCodes.OK;
        }

        /**
         * Latent errors placed where disk0 holds data (left-symmetric on six members puts Q on disk0
         * in stripe 0 of every six and P in stripe 5), so the verify pass meets and heals all of
         * them. Errors in parity sectors would only be found by a scrub, and would then add to two
         * failed members: more than RAID6 survives.
         */
        private FaultPlan latentErrorsInDataChunks(long arrayBytes) {
            long stripes = arrayBytes / ((long) CHUNK_BYTES * (MEMBERS - 2));
            SplittableRandom random = new SplittableRandom(seed);
            FaultPlan.Builder plan = FaultPlan.builder(seed);
            for (int i = 0; i < 16; i++) {
                long stripe = random.nextLong(stripes / MEMBERS) * MEMBERS + 1 + random.nextInt(MEMBERS - 2);
                long offsetBytes = stripe * CHUNK_BYTES + random.nextInt(CHUNK_BYTES / 4096) * 4096L;
                plan.latentSectorError(offsetBytes / 512, 8);
            }
            return plan.build();
        }

        private ArrayDevice assemble(UnaryOperator<BlockDevice> wrap) {
            SimController controller = SimController.create("demo0", SimPersonality.SATA, NanoClock.system(),
                    LatencyModel.ZERO, specs);
            List<BlockDevice> members = new ArrayList<>();
            for (SimDisk disk : controller.disks()) {
                members.add(wrap.apply(disk));
            }
            return raid.build(new ArraySpec("md-demo", 6, "left-symmetric", CHUNK_BYTES, MEMBERS, 0), members);
        }

        /** Fills [offset, offset + length) with the pattern block by block, then flushes. */
        private void write(ArrayDevice array, long offset, long length) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(IO_BYTES);
            for (long off = offset; off < offset + length; off += IO_BYTES) {
                fillPattern(buffer, off);
                check(SyncIo.write(array, off, buffer, 0, IO_BYTES, 0), "write at byte " + off);
            }
            check(SyncIo.flush(array), "flush");
        }

        private void verify(ArrayDevice array, String when) {
            long size = array.info().capacityBytes();
            ByteBuffer got = ByteBuffer.allocateDirect(IO_BYTES);
            ByteBuffer expected = ByteBuffer.allocateDirect(IO_BYTES);
            for (long off = 0; off < size; off += IO_BYTES) {
                check(SyncIo.read(array, off, got, 0, IO_BYTES), "read at byte " + off + " " + when);
                fillPattern(expected, off);
                if (got.mismatch(expected) >= 0) {
                    throw new OrionException(ErrorCode.INTERNAL, "demo FAILED: data at byte "
                            + (off + got.mismatch(expected)) + " differs " + when);
                }
            }
        }

        /**
         * The pattern is a function of the block's address and the generation it was last written
         * in: the demo's second write covers a known range, so expected content is recomputable.
         */
        private void fillPattern(ByteBuffer buffer, long arrayOffset) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + arrayOffset / IO_BYTES + generation(arrayOffset));
            for (int i = 0; i < IO_BYTES; i += 8) {
                buffer.putLong(i, random.nextLong());
            }
        }

        private long rewrittenFrom = -1;
        private long rewrittenTo = -1;

        private long generation(long arrayOffset) {
            return arrayOffset >= rewrittenFrom && arrayOffset < rewrittenTo ? 7_777_777L : 0;
        }

        private void check(IoStatus status, String what) {
            if (status != IoStatus.OK) {
                throw new OrionException(ErrorCode.IO, "demo FAILED: " + what + " returned " + status);
            }
        }

        private void printStatus(ArrayStatus status) {
            invocation.out().printf("%nmd-demo: %s %s, %s, state %s, %d read error(s) corrected, %d range(s) reconstructed%n",
                    status.levelName(), status.layoutName(), ByteSizes.human(status.arrayBytes()), status.state(),
                    status.readErrorsCorrected(), status.reconstructions());
            TextTable table = new TextTable("SLOT", "MEMBER", "STATE");
            for (MemberStatus m : status.members()) {
                table.row(m.slot(), m.name(), m.state());
            }
            invocation.out().println(table.render());
        }

        private void say(String format, Object... args) {
            invocation.out().printf("[%d] %s%n", ++step, String.format(format, args));
        }

        private static String rate(long bytes, long startNanos) {
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            return String.format("%.0f MB/s", bytes / seconds / 1e6);
        }
    }

    private static long diskSize(String text) {
        try {
            return ByteSizes.parse(text);
        } catch (IllegalArgumentException | OrionException e) {
            throw new UsageException("--disk-size '" + text + "' is not a size: " + ByteSizes.SYNTAX, USAGE);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("orion-demo-");
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot create a temporary directory for the demo disks: " + e.getMessage()
                    + " (set TMPDIR to a writable directory)", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
