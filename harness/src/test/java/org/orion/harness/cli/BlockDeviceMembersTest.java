package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members that are real block devices (loop devices over sparse files): a real ext4 made by
 * mkfs.ext4 is refused without {@code --force}, and an array on block devices round-trips data.
 * Root only; skipped, saying why, elsewhere.
 */
@Tag("root")
class BlockDeviceMembersTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseARealExt4UnlessForcedAndRoundTripAnArrayOnLoopDevices() throws Exception {
        String why = LoopDevices.unavailableReason();
        Assumptions.assumeTrue(why == null, why);
        try (LoopDevices loops = new LoopDevices(dir)) {
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                devices.add(loops.attach("b" + i + ".img", 8L << 20).toString());
            }
            loops.mkfsExt4(Path.of(devices.get(1)));
            String before = ArrayImages.sha256(Path.of(devices.get(1)));
            CliRun refused = CliRun.run(dir, ArrayImages.args(List.of("-C", "md0", "-l5", "-n3", "-c64"), devices));
            assertEquals(5, refused.status(), refused.err());
            assertEquals("orion: " + devices.get(1) + " appears to contain an ext2/3/4 file system at byte 1080: use another device,"
                    + " erase it first (wipefs -a), or --force to overwrite it\n", refused.err());
            assertEquals(before, ArrayImages.sha256(Path.of(devices.get(1))));

            CliRun create = CliRun.run(dir, ArrayImages.args(List.of("-C", "md0", "-l5", "-n3", "-c64", "--force",
                    "-q"), devices));
            assertEquals(0, create.status(), create.err());
            long bytes = Long.parseLong(ArrayImages.field(CliRun.run(dir, ArrayImages.args(List.of("-D", "--json"),
                    devices)).out(), "\"arrayBytes\": (\\d+)"));
            byte[] content = ArrayImages.pattern((int) bytes);
            ArrayImages.write(dir.resolve("in.bin"), content, content.length);
            assertEquals(0, CliRun.run(dir, ArrayImages.args(List.of("image", "import", "-q", "in.bin"), devices))
                    .status());
            CliRun out = CliRun.run(dir, ArrayImages.args(List.of("image", "export", "-q", "-o", "out.bin"),
                    List.of(devices.get(0), devices.get(2))));
            assertEquals(0, out.status(), out.err());
            assertEquals(ArrayImages.sha256(dir.resolve("in.bin")), ArrayImages.sha256(dir.resolve("out.bin")));
            CliRun examine = CliRun.run(dir, "--examine", devices.get(2));
            assertTrue(examine.out().startsWith(devices.get(2) + ":\n"), examine.out());
            assertEquals("Active device 2", ArrayImages.field(examine.out(), "Device Role : (.+)$"));
        }
    }
}
