package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of bad member the issue lists, given to {@code --assemble} and {@code image export}:
 * each gets one line on stderr naming the problem, a non-zero exit status, and leaves every member
 * file byte for byte as it was (sha256 before and after).
 */
class BadMemberInputTest {
    /** A 4-member RAID5 of 3 MiB images: superblock at 4096, data offset 1 MiB, 2 MiB of data each. */
    private static final List<String> MEMBERS = List.of("d0.img", "d1.img", "d2.img", "d3.img");

    @TempDir
    Path dir;

    @BeforeEach
    void createArray() {
        CliRun create = CliRun.run(dir, ArrayImages.args(List.of("-C", "md0", "-l5", "-n4", "-c64", "-z2M", "-q"),
                MEMBERS));
        assertEquals(0, create.status(), create.err());
    }

    /** A way to spoil d2.img, what the one line must say, and the exit status. */
    enum Damage {
        FLIPPED_BYTE(0, 7, "d2.img: superblock sb_csum is 0x", (dir, f) -> flip(f, ArrayImages.SUPERBLOCK_BYTES + 40)),
        BAD_CHECKSUM(0, 7, "d2.img: superblock sb_csum is 0x", (dir, f) ->
                ArrayImages.patch(f, ArrayImages.SUPERBLOCK_BYTES + 216, (byte) 1, (byte) 2, (byte) 3, (byte) 4)),
        WRONG_MAGIC(0, 4, "d2.img has no md superblock", (dir, f) ->
                ArrayImages.patch(f, ArrayImages.SUPERBLOCK_BYTES, (byte) 0xfc, (byte) 0x4e, (byte) 0x2b, (byte) 0xa8)),
        UNKNOWN_FEATURE_BIT(0, 7, "d2.img: superblock feature_map 0x40000000 has unknown bits 0x40000000", (dir, f) ->
                ArrayImages.patch(f, ArrayImages.SUPERBLOCK_BYTES + 8, (byte) 0, (byte) 0, (byte) 0, (byte) 0x40)),
        TRUNCATED_DEVICE(0, 9, "d2.img: superblock data_size is 4096 sectors from data_offset 2048, but the device"
                + " has only 4096 sectors", (dir, f) -> ArrayImages.resize(f, 2L << 20)),
        SMALLER_THAN_DATA_OFFSET_PLUS_SIZE(0, 9, "but the device has only 6143 sectors", (dir, f) ->
                ArrayImages.resize(f, (3L << 20) - 512));

        final int unused;
        final int status;
        final String says;
        final BiConsumer<Path, Path> spoil;

        Damage(int unused, int status, String says, BiConsumer<Path, Path> spoil) {
            this.unused = unused;
            this.status = status;
            this.says = says;
            this.spoil = spoil;
        }

        private static void flip(Path file, long offset) {
            byte b = ArrayImages.read(file, offset, 1)[0];
            ArrayImages.patch(file, offset, (byte) (b ^ 0x20));
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void shouldRefuseADamagedMemberInOneLineAndChangeNothing(Damage damage) {
        damage.spoil.accept(dir, dir.resolve("d2.img"));
        for (List<String> command : List.of(List.of("--assemble", "md0"), List.of("--assemble", "--run", "--force"),
                List.of("image", "export", "-o", "out.bin"), List.of("--detail"))) {
            refusedUnchanged(command, MEMBERS, damage.status, damage.says);
            assertFalse(Files.exists(dir.resolve("out.bin")), "no partial export is left behind");
        }
    }

    @Test
    void shouldRefuseMembersOfTwoDifferentArrays() {
        List<String> other = ArrayImages.sparse(dir, "o", 3, 3L << 20);
        assertEquals(0, CliRun.run(dir, ArrayImages.args(List.of("-C", "md1", "-l1", "-n3", "-q"), other)).status());
        List<String> mixed = new ArrayList<>(MEMBERS.subList(0, 3));
        mixed.add("o0.img");
        List<String> all = new ArrayList<>(MEMBERS);
        all.addAll(other);
        Map<String, String> before = ArrayImages.hashes(dir, all);
        CliRun run = CliRun.run(dir, ArrayImages.args(List.of("--assemble", "--run"), mixed));
        assertOneLine(run, 5, "the devices belong to 2 different arrays (");
        assertTrue(run.err().contains("o0.img"), run.err());
        assertTrue(run.err().endsWith("assemble each array with its own members\n"), run.err());
        assertEquals(before, ArrayImages.hashes(dir, all));
    }

    @Test
    void shouldRefuseAMemberListedTwiceEvenUnderAnotherName() {
        refusedUnchanged(List.of("--assemble"), List.of("d0.img", "d1.img", "d2.img", "d1.img"), 2,
                "d1.img is listed twice: list each member once");
        refusedUnchanged(List.of("--assemble"), List.of("d0.img", "d1.img", "d2.img", "./d0.img"), 2,
                "./d0.img and d0.img are the same device: list each member once");
        refusedUnchanged(List.of("image", "export", "-o", "out.bin"), List.of("d0.img", "d0.img"), 2,
                "d0.img is listed twice");
    }

    @Test
    void shouldRefuseToCreateOverMembersTooSmallOrAskedTwiceAndCreateNoFile() {
        List<String> small = ArrayImages.sparse(dir, "s", 3, 512 << 10);
        refusedUnchanged(List.of("-C", "md1", "-l5", "-n3"), small, 9, "device s0.img is too small (512K) for the"
                + " required metadata");
        refusedUnchanged(List.of("-C", "md1", "-l1", "-n3"), List.of("s0.img", "s1.img", "s0.img"), 2,
                "s0.img is listed twice: list each member once");
        List<String> fresh = List.of("n0.img", "n1.img", "n2.img");
        refusedUnchanged(List.of("-C", "md1", "-l6", "-n3", "-z4M"), fresh, 2, "raid6 needs at least 4 raid devices, not 3");
        refusedUnchanged(List.of("-C", "md1", "-l5", "-n3"), fresh, 4, "n0.img does not exist: check the name"
                + " or give --size to create image files");
        // A smaller file that --size would grow goes back to its old size when the create is refused.
        List<String> grow = List.of("s0.img", "n1.img", "n2.img", "n3.img");
        refusedUnchanged(List.of("-C", "md1", "-l10", "-n4", "-z4M", "--layout=x9"), grow, 2, "unknown raid10 layout 'x9'");
        for (String name : List.of("n0.img", "n1.img", "n2.img", "n3.img")) {
            assertFalse(Files.exists(dir.resolve(name)), name + " must not be left behind");
        }
    }

    @Test
    void shouldRefuseLevelsAndMetadataOrionDoesNotWrite() {
        refusedUnchanged(List.of("-C", "md1", "--level=linear", "-n2"), List.of("d0.img", "d1.img"), 6,
                "level linear is not supported by Orion: use raid0, raid1, raid4, raid5, raid6 or raid10");
        refusedUnchanged(List.of("-C", "md1", "-l5", "-n3", "-e", "0.90"), List.of("a.img", "b.img", "c.img"), 6,
                "metadata 0.90 is not supported: Orion writes md metadata 1.2");
        CliRun run = CliRun.run(dir, "-C", "md1", "--level=7", "-n2", "a.img", "b.img");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orion: invalid raid level: 7 (use raid0, raid1, raid4, raid5, raid6 or"
                + " raid10)\nusage: orion --create"), run.err());
    }

    /** Runs {@code command MEMBERS...}, expecting one line containing {@code says}, and no member changed. */
    private void refusedUnchanged(List<String> command, List<String> members, int status, String says) {
        List<String> files = new ArrayList<>(members);
        for (String name : List.of("d0.img", "d1.img", "d2.img", "d3.img")) {
            if (!files.contains(name)) {
                files.add(name);
            }
        }
        files.removeIf(n -> n.startsWith("./"));
        Map<String, String> before = ArrayImages.hashes(dir, files);
        CliRun run = CliRun.run(dir, ArrayImages.args(command, members));
        assertOneLine(run, status, says);
        assertEquals(before, ArrayImages.hashes(dir, files), "members changed by " + command);
    }

    private static void assertOneLine(CliRun run, int status, String says) {
        assertEquals(status, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: ") && run.err().endsWith("\n"), run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().contains(says), run.err());
        assertEquals("", run.out());
    }
}
