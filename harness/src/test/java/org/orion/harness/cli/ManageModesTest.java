package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --action=check|repair}, {@code --zero-superblock} and {@code --stop} on image files. */
class ManageModesTest {
    private static final List<String> MEMBERS = List.of("d0.img", "d1.img", "d2.img");

    @TempDir
    Path dir;

    private CliRun orion(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void createRaid5() {
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md0", "-l5", "-n3", "-c64", "-z1M", "-q"), MEMBERS))
                .status());
    }

    @Test
    void shouldFindMismatchesWithCheckWithoutWritingAndFixThemWithRepair() {
        // 4 KiB of garbage in member 2's second chunk row: that stripe's parity no longer matches.
        ArrayImages.patch(dir.resolve("d2.img"), (1L << 20) + 65536 + 8192, ArrayImages.pattern(4096));
        Map<String, String> before = ArrayImages.hashes(dir, MEMBERS);
        CliRun check = orion(ArrayImages.args(List.of("--action=check", "-q"), MEMBERS));
        assertEquals(1, check.status(), check.err());
        // md counts mismatches in 4 KiB units (8 sectors); Orion's check compares 64 KiB columns at a time.
        long sectors = Long.parseLong(ArrayImages.field(check.out(), "^md0: check complete: mismatch_cnt (\\d+) \\("));
        assertTrue(sectors >= 8 && sectors <= 128, check.out());
        assertTrue(check.out().endsWith(" bytes)\n  mismatch in array bytes 131072-262144\n"), check.out());
        assertEquals(before, ArrayImages.hashes(dir, MEMBERS), "check assembles read-only");

        CliRun repair = orion(ArrayImages.args(List.of("--action", "repair", "-q"), MEMBERS));
        assertEquals(0, repair.status(), repair.err());
        assertTrue(repair.out().startsWith("md0: repair complete: mismatch_cnt " + sectors + " ("), repair.out());
        CliRun again = orion(ArrayImages.args(List.of("--action=check", "-q"), MEMBERS));
        assertEquals(0, again.status(), again.err());
        assertEquals("md0: check complete: mismatch_cnt 0 (0 bytes)\n", again.out());
    }

    @Test
    void shouldRefuseAnActionMdDoesNotHave() {
        CliRun run = orion(ArrayImages.args(List.of("--action=frobnicate"), MEMBERS));
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orion: --action takes check or repair, not 'frobnicate'\n"), run.err());
    }

    @Test
    void shouldZeroSuperblocksOnlyWhenEveryMemberHasOne() {
        ArrayImages.sparse(dir, "blank", 1, 2L << 20);
        List<String> withBlank = List.of("d0.img", "blank0.img");
        Map<String, String> before = ArrayImages.hashes(dir, withBlank);
        CliRun refused = orion(ArrayImages.args(List.of("--zero-superblock"), withBlank));
        assertEquals(4, refused.status());
        assertEquals("orion: Unrecognised md component device - blank0.img: blank0.img: no md superblock detected (not"
                + " an array member) (nothing was erased; leave it out, or use --force to skip it)\n", refused.err());
        assertEquals(before, ArrayImages.hashes(dir, withBlank));

        CliRun zeroed = orion(ArrayImages.args(List.of("--zero-superblock", "--force"), withBlank));
        assertEquals(0, zeroed.status(), zeroed.err());
        CliRun examine = orion("-E", "d0.img");
        assertEquals(4, examine.status());
        CliRun create = orion(ArrayImages.args(List.of("-C", "md1", "-l1", "-n2", "-q"), List.of("d0.img", "blank0.img")));
        assertEquals(0, create.status(), "a zeroed member is free for a new array: " + create.err());
    }

    @Test
    void shouldSayThatNothingRunsWhenAskedToStop() {
        CliRun run = orion("--stop", "/dev/md0");
        assertEquals(1, run.status());
        assertEquals("orion: md0 is not running: arrays run only inside 'orion serve' (none is running); --create and"
                + " --assemble stop the arrays they start cleanly when they finish\n", run.err());
        CliRun alias = orion("-S", "md0");
        assertEquals(1, alias.status());
    }
}
