package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;

/**
 * Linux md and the bad-block log Orion writes. Orion (through the RAID service, on simulated disks
 * whose media are image files) creates a RAID5 of four, fills it with the oracle's pattern, and
 * rebuilds slot 2 onto a new disk while slot 0 has unreadable sectors in stripe 8: that stripe's
 * blocks of slots 0 and 2 are lost, and the new member's log records its block. Real Linux md (the
 * oracle VM) then assembles slots 1, 2 (the new member) and 3, slot 0 left out as if it had died
 * too: md loads the log (sysfs bad_blocks, mdadm --examine-badblocks), reads of exactly the two
 * lost chunks fail with EIO, and every other byte reads back as the pattern.
 */
@Tag("md-oracle")
class MdOracleBadBlocksTest {
    private static final int CHUNK = 64 * 1024;
    private static final long DISK_BYTES = 16L << 20;
    /** left-symmetric, 4 disks: stripe 8 has P on slot 3 and data blocks 0, 1, 2 on slots 0, 1, 2. */
    private static final int STRIPE = 8;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    @TempDir
    Path dir;

    @Test
    void shouldHaveLinuxMdHonourTheBadBlocksOrionLoggedAndFailReadsOfExactlyTheLostChunks() throws Exception {
        var why = MdOracle.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "md oracle cannot run here: " + why.orElse(""));
        List<SimDiskSpec> specs = new ArrayList<>();
        for (String name : List.of("d0", "d1", "d2", "d3", "new")) {
            specs.add(SimDiskSpec.file(name, DISK_BYTES, dir.resolve(name + ".img")));
        }
        List<BlockDevice> disks = new ArrayList<>(SimController.create("bb", SimPersonality.SATA, NanoClock.system(),
                LatencyModel.ZERO, specs).disks());
        List<DriverEvent> events = new CopyOnWriteArrayList<>();
        byte[] pattern;
        long firstLostSector;
        try (Kernel kernel = Kernel.create(ConfigLoader.parse("[raid]\nrebuild_priority = \"high\"\n", dir,
                "(bad blocks)"), NanoClock.system())) {
            kernel.events().subscribe(events::add);
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).stream().findFirst().orElseThrow();
            ArrayDevice array = raid.create(new CreateRequest("bb", "orion", 5, "left-symmetric", CHUNK, 4, 0, 0, true,
                    false), disks.subList(0, 4));
            pattern = ArrayImages.pattern((int) array.info().capacityBytes());
            for (int at = 0; at < pattern.length; at += 1 << 20) {
                SyncIo.writeBytes(array, at, java.util.Arrays.copyOfRange(pattern, at, Math.min(pattern.length,
                        at + (1 << 20))), 0);
            }
            SyncIo.flush(array);
            array.stop();

            long dataOffsetSectors = Long.parseLong(ArrayImages.field(raid.examine(disks.get(0), "text"),
                    "Data Offset : (\\d+) sectors"));
            long badSector = dataOffsetSectors + (STRIPE * (long) CHUNK + 8192) / 512;
            List<BlockDevice> members = new ArrayList<>(disks.subList(0, 4));
            members.set(0, new FaultyBlockDevice(disks.get(0), FaultPlan.builder(7).latentSectorError(badSector, 8)
                    .build()));
            ArrayDevice again = raid.assemble(new AssembleRequest("bb", false, false), members);
            again.failMember(2);
            await("slot 2 faulty", () -> !again.status().members().get(2).name().isEmpty()
                    && again.status().members().get(2).state().contains("faulty"));
            again.addMember(disks.get(4));
            await("the rebuild of slot 2 ended", () -> again.status().rebuilding().isEmpty()
                    && again.sync().action().equals("idle") && again.status().members().get(2).name()
                    .equals(disks.get(4).info().name()));
            again.stop();
            firstLostSector = dataOffsetSectors + STRIPE * (long) CHUNK / 512;
            assertEquals("Bad-blocks on " + disks.get(4).info().name() + ":\n"
                    + String.format("%20d for %d sectors\n", firstLostSector, CHUNK / 512),
                    raid.examine(disks.get(4), "badblocks"), "Orion logged the new member's lost block");
        } finally {
            disks.forEach(BlockDevice::close); // unlocks the image files for qemu
        }
        long stripeBytes = 3L * CHUNK;
        List<ByteRange> reported = new ArrayList<>();
        events.stream().filter(e -> e instanceof DriverEvent.BadBlocksRecorded)
                .forEach(e -> reported.addAll(((DriverEvent.BadBlocksRecorded) e).ranges()));
        assertEquals(List.of(new ByteRange(STRIPE * stripeBytes, STRIPE * stripeBytes + CHUNK),
                new ByteRange(STRIPE * stripeBytes + 2 * CHUNK, STRIPE * stripeBytes + 3 * CHUNK)), reported,
                "the blocks of slots 0 and 2 in stripe 8 were reported lost");

        int chunks = pattern.length / CHUNK;
        MdOracle.Run run = MdOracle.vmRun("bad-blocks", "MEMBERS=\"m0 m1 m2\" TARGET=m1 CHUNKS=" + chunks
                + " CHUNK_BYTES=" + CHUNK, "guest-badblocks.sh", List.of(dir.resolve("d1.img"), dir.resolve("new.img"),
                dir.resolve("d3.img")), true);
        assertEquals(0, run.exitCode(), "the oracle VM failed; log: " + run.log());
        assertEquals("yes", run.result("assembled"), run.excerpt(0));
        assertEquals(firstLostSector + " " + CHUNK / 512 + ";", run.result("bad_blocks"), "md loaded the log");
        assertTrue(run.result("examine_badblocks").matches("Bad-blocks on /dev/vd[a-z]+:; " + firstLostSector + " for "
                + CHUNK / 512 + " sectors;"), run.result("examine_badblocks"));
        int first = (int) (STRIPE * stripeBytes / CHUNK);
        assertEquals(first + "," + (first + 2) + ",", run.result("eio_chunks"), "EIO for exactly the lost chunks");
        byte[] expected = pattern.clone();
        java.util.Arrays.fill(expected, first * CHUNK, (first + 1) * CHUNK, (byte) 0);
        java.util.Arrays.fill(expected, (first + 2) * CHUNK, (first + 3) * CHUNK, (byte) 0);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)),
                run.result("sha256"), "every other byte reads back as the pattern");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
