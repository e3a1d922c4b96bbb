package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RAID5 that real Linux md made ({@code shared/vectors/raid5-ls-4x7M-64k}), read back by
 * {@code orion image export} as a user with only the member images would: exactly ARRAY_SHA256,
 * healthy and with each member missing, and the members untouched.
 */
class MdVectorImageTest {
    private static final String VECTOR = "raid5-ls-4x7M-64k";

    @TempDir
    static Path dir;
    private static Properties expected;

    @BeforeAll
    static void unpackTheVector() throws IOException {
        Path vector = ArrayImages.sharedDir().resolve("vectors").resolve(VECTOR);
        assertTrue(Files.isDirectory(vector), "md test vector " + VECTOR + " not found at " + vector
                + ": check out the shared directory beside the repository or pass -Dorion.shared.dir=...");
        expected = new Properties();
        try (var in = Files.newInputStream(vector.resolve("expected.env"))) {
            expected.load(in);
        }
        for (int i = 0; i < 4; i++) {
            ArrayImages.gunzip(vector.resolve("disk" + i + ".img.gz"), dir.resolve("disk" + i + ".img"));
        }
    }

    @ParameterizedTest(name = "member {0} missing (-1: none)")
    @ValueSource(ints = {-1, 0, 1, 2, 3})
    void shouldExportExactlyTheArrayMdWroteHealthyAndWithAnyOneMemberMissing(int missing) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if (i != missing) {
                members.add("disk" + i + ".img");
            }
        }
        Map<String, String> before = ArrayImages.hashes(dir, members);
        String out = "out" + missing + ".bin";
        CliRun run = CliRun.run(dir, ArrayImages.args(List.of("image", "export", "-o", out), members));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: exported " + expected.getProperty("ARRAY_BYTES") + " bytes"), run.err());
        assertEquals(expected.getProperty("ARRAY_SHA256"), ArrayImages.sha256(dir.resolve(out)));
        assertEquals(before, ArrayImages.hashes(dir, members), "export is read-only");
        CliRun detail = CliRun.run(dir, ArrayImages.args(List.of("--detail", "--brief"), members));
        assertTrue(detail.out().contains("UUID=" + expected.getProperty("ARRAY_UUID")), detail.out());
    }
}
