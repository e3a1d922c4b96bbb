package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code orion image import|export}: round trips through the normal write and read paths, degraded reads. */
class ImageModeTest {
    @TempDir
    Path dir;

    private CliRun orion(String... args) {
        return CliRun.run(dir, args);
    }

    @ParameterizedTest(name = "raid{0}")
    @ValueSource(ints = {0, 1, 4, 5, 6, 10})
    void shouldExportExactlyWhatWasImportedAndReadItDegradedToo(int level) throws Exception {
        int count = level == 1 ? 2 : level == 6 || level == 10 ? 4 : 3;
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add("m" + i + ".img");
        }
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md0", "-l" + level, "-n" + count, "-z3M", "-q"),
                members)).status());
        long arrayBytes = Long.parseLong(ArrayImages.field(orion(ArrayImages.args(List.of("-D", "--json"), members))
                .out(), "\"arrayBytes\": (\\d+)"));
        byte[] content = ArrayImages.pattern((int) arrayBytes);
        ArrayImages.write(dir.resolve("in.bin"), content, content.length);

        CliRun in = orion(ArrayImages.args(List.of("image", "import", "in.bin"), members));
        assertEquals(0, in.status(), in.err());
        assertEquals("orion: imported " + arrayBytes + " bytes (" + org.orion.harness.config.ByteSizes.human(arrayBytes)
                + ") into md0; stopped cleanly\n", in.err());
        CliRun out = orion(ArrayImages.args(List.of("image", "export", "-o", "out.bin"), members));
        assertEquals(0, out.status(), out.err());
        assertEquals(ArrayImages.sha256(dir.resolve("in.bin")), ArrayImages.sha256(dir.resolve("out.bin")));

        if (level != 0) {
            List<String> degraded = new ArrayList<>(members);
            degraded.remove(1);
            Map<String, String> before = ArrayImages.hashes(dir, members);
            CliRun read = orion(ArrayImages.args(List.of("image", "export", "-o", "degraded.bin"), degraded));
            assertEquals(0, read.status(), read.err());
            assertTrue(read.err().contains("(raid" + level + ", " + (count - 1) + " of " + count + " members)"), read.err());
            assertEquals(ArrayImages.sha256(dir.resolve("in.bin")), ArrayImages.sha256(dir.resolve("degraded.bin")));
            assertEquals(before, ArrayImages.hashes(dir, members), "export writes nothing to the members");
        }
    }

    @Test
    void shouldExportToStandardOutputWithoutOutputOption() {
        List<String> members = List.of("a.img", "b.img");
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md0", "-l1", "-n2", "-z1M", "-q"), members)).status());
        CliRun run = orion("image", "export", "-q", "a.img", "b.img");
        assertEquals(0, run.status(), run.err());
        assertEquals(1 << 20, run.out().length(), "a 1 MiB mirror of zeros");
        assertTrue(run.out().chars().allMatch(c -> c == 0));
    }

    @Test
    void shouldRefuseAFileLargerThanTheArrayAndWriteNothing() throws Exception {
        List<String> members = List.of("a.img", "b.img", "c.img");
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md0", "-l5", "-n3", "-c64", "-z1M", "-q"), members))
                .status());
        ArrayImages.resize(dir.resolve("big.bin"), (2L << 20) + 512);
        Map<String, String> before = ArrayImages.hashes(dir, members);
        CliRun run = orion(ArrayImages.args(List.of("image", "import", "big.bin"), members));
        assertEquals(9, run.status());
        assertEquals("orion: big.bin is 2097664 bytes, more than the 2097152 bytes of md0: use a larger array or a"
                + " smaller file\n", run.err());
        assertEquals(before, ArrayImages.hashes(dir, members));
        CliRun self = orion(ArrayImages.args(List.of("image", "export", "-o", "b.img"), members));
        assertEquals(2, self.status());
        assertTrue(self.err().contains("b.img is also a member of the array: use another file"), self.err());
        assertEquals(before, ArrayImages.hashes(dir, members));
        assertTrue(Files.notExists(dir.resolve("b.img.partial")));
    }
}
