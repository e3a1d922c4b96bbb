package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.spi.DeviceOpener;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;

/** {@code orion hw test}: burn-in of real files and loop devices, and its refusals. */
class HwBurnInTest {
    @TempDir
    Path dir;

    private Path image(String name, long sizeBytes) throws Exception {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        }
        return file;
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(new String[] {"hw", "test", "x.img"},
                        "orion: hw test needs --read-only, or --destructive to overwrite x.img with a test pattern"),
                Arguments.of(new String[] {"hw", "test", "x.img", "--read-only", "--destructive"},
                        "orion: give --read-only or --destructive, not both"),
                Arguments.of(new String[] {"hw", "test", "--destructive"},
                        "orion: hw test needs a DEVICE (a /dev node or an image file)"),
                Arguments.of(new String[] {"hw", "test", "x.img", "--read-only", "--seed", "4"},
                        "orion: --seed only applies to --destructive (a read-only test writes no pattern)"),
                Arguments.of(new String[] {"hw", "test", "x.img", "--destructive", "--seed", "four"},
                        "orion: --seed four is not a whole number: give e.g. --seed 42"),
                Arguments.of(new String[] {"hw", "test", "x.img", "--read-only", "--range", "1.5M"},
                        "orion: --range 1.5M is not a whole number (use a smaller unit, e.g. \"1536MB\" for 1.5GB): give "
                                + "a whole number of bytes or a number with a binary unit K, M, G, T, P or E (KB and KiB"
                                + " also mean 1024 bytes), e.g. \"512KB\", \"4KiB\", \"256MB\", \"16TB\""));
    }

    @ParameterizedTest(name = "orion {0}")
    @MethodSource("badCommandLines")
    void shouldRefuseABurnInCommandLineThatDoesNotSayExactlyWhatToDo(String[] args, String problem) {
        CliRun run = CliRun.run(dir, args);
        assertEquals(2, run.status());
        assertEquals(problem + "\nusage: " + HwTestCommand.USAGE + "\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldReadAnImageWithoutChangingItAndReportThroughput() throws Exception {
        Path file = image("ro.img", 4L << 20);
        Files.write(file, new byte[] {9, 8, 7}, java.nio.file.StandardOpenOption.WRITE);
        byte[] before = sha256(file);
        CliRun run = CliRun.run(dir, "hw", "test", "ro.img", "--read-only");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("burn-in of " + file + ": read-only, bytes 0..4194304 (4 MiB)", lines.get(0));
        assertTrue(lines.get(1).matches("read: +[0-9]+\\.[0-9] MiB/s  0 errors"), lines.get(1));
        assertEquals("result:  PASSED", lines.get(2));
        assertEquals(3, lines.size(), run.out());
        assertArrayEquals(before, sha256(file), "a read-only test changes nothing");
    }

    @Test
    void shouldWriteAndVerifyARangeOfAnImageAsJson() throws Exception {
        Path file = image("rw.img", 8L << 20);
        CliRun run = CliRun.run(dir, "hw", "test", file.toString(), "--destructive", "--range", "2M", "--seed", "77",
                "--json");
        assertEquals(0, run.status(), run.err());
        for (String expected : List.of("\"schema\": \"orion.hw.test/1\"", "\"mode\": \"destructive\"", "\"seed\": 77",
                "\"start_bytes\": 0", "\"length_bytes\": 2097152", "\"write_errors\": 0", "\"read_errors\": 0",
                "\"mismatched_blocks\": 0", "\"first_bad_offsets\": []", "\"passed\": true")) {
            assertTrue(run.out().contains(expected), expected + " in\n" + run.out());
        }
        assertTrue(run.out().matches("(?s).*\"write_bytes_per_second\": [1-9][0-9]*,.*"), run.out());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(1536);
            assertEquals(1536, Long.reverseBytes(raf.readLong()), "each block starts with its own offset");
            raf.seek(2L << 20);
            assertEquals(0, raf.readLong(), "nothing written beyond the range");
        }
    }

    @Test
    void shouldRefuseToDestroyAnImageHoldingAnMdSuperblockWrittenByTheRaidDriver() throws Exception {
        Path a = image("member-a.img", 8L << 20);
        Path b = image("member-b.img", 8L << 20);
        createMirror(a, b);
        CliRun run = CliRun.run(dir, "hw", "test", "member-a.img", "--destructive");
        assertEquals(10, run.status(), run.out());
        assertEquals("orion: " + a + " holds an md 1.2 superblock at byte 4096: refusing a destructive burn-in; if the"
                + " data is really unwanted, wipe it first (wipefs -a)\n", run.err());
        assertEquals(0, CliRun.run(dir, "hw", "test", "member-a.img", "--read-only").status(), "reading is allowed");
    }

    @Test
    void shouldRefuseToDestroyAnImageWithTheMdMagicAt4096() throws Exception {
        Path file = image("magic.img", 4L << 20);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(4096);
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa92b4efc).array());
        }
        CliRun run = CliRun.run(dir, "hw", "test", "magic.img", "--destructive", "--seed", "1");
        assertEquals(10, run.status());
        assertTrue(run.err().startsWith("orion: " + file + " holds "), run.err());
        assertTrue(run.err().contains("md 1.2"), run.err());
        assertEquals("", run.out());
    }

    @Test
    @Tag("root")
    void shouldBurnInAScratchLoopDeviceReadOnlyAndDestructively() throws Exception {
        String reason = LoopDevices.unavailableReason();
        assumeTrue(reason == null, reason);
        try (LoopDevices loops = new LoopDevices(dir)) {
            Path loop = loops.attach("scratch.img", 6L << 20);
            CliRun write = CliRun.run(dir, "hw", "test", loop.toString(), "--destructive", "--range", "4M", "--seed", "5");
            assertEquals(0, write.status(), write.err());
            List<String> lines = write.out().lines().toList();
            assertEquals("burn-in of " + loop + ": destructive pattern write and verify, bytes 0..4194304 (4 MiB), seed 5",
                    lines.get(0));
            assertTrue(lines.get(1).matches("write: +[0-9]+\\.[0-9] MiB/s  0 errors"), lines.get(1));
            assertTrue(lines.get(2).matches("read: +[0-9]+\\.[0-9] MiB/s  0 errors"), lines.get(2));
            assertEquals("verify:  0 mismatched blocks", lines.get(3));
            assertEquals("result:  PASSED", lines.get(4));
            CliRun read = CliRun.run(dir, "hw", "test", loop.toString(), "--read-only", "--json");
            assertEquals(0, read.status(), read.err());
            assertTrue(read.out().contains("\"length_bytes\": 6291456"), read.out());
            assertTrue(read.out().contains("\"read_errors\": 0"), read.out());
        }
    }

    @Test
    @Tag("root")
    void shouldRefuseToDestroyALoopDeviceHoldingAnExt4FileSystem() throws Exception {
        String reason = LoopDevices.unavailableReason();
        assumeTrue(reason == null, reason);
        try (LoopDevices loops = new LoopDevices(dir)) {
            Path loop = loops.attach("fs.img", 16L << 20);
            loops.mkfsExt4(loop);
            CliRun run = CliRun.run(dir, "hw", "test", loop.toString(), "--destructive");
            assertEquals(10, run.status(), run.out());
            assertEquals("orion: " + loop + " holds an ext2/3/4 file system at byte 1080: refusing a destructive burn-in;"
                    + " if the data is really unwanted, wipe it first (wipefs -a)\n", run.err());
        }
    }

    /** A RAID1 created with md 1.2 superblocks by the RAID driver the kernel loads through ServiceLoader, then stopped. */
    private void createMirror(Path a, Path b) {
        try (Kernel kernel = Kernel.create(ConfigLoader.parse("", dir, "(test)"), NanoClock.system())) {
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).stream().findFirst().orElseThrow();
            DeviceOpener opener = ServiceLoader.load(DeviceOpener.class).findFirst().orElseThrow();
            List<BlockDevice> members = new ArrayList<>();
            members.add(opener.open(a, true, false).orElseThrow());
            members.add(opener.open(b, true, false).orElseThrow());
            ArrayDevice array = raid.create(new CreateRequest("burn", null, 1, null, 0, 2, 0, 0, true, false), members);
            array.close();
        }
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
