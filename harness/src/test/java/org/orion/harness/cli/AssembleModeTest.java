package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.spi.DeviceOpener;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;

/**
 * {@code orion --assemble} after a clean stop, after a crash, with a stale member, degraded, and
 * from orion.toml with {@code --scan}; real image files, kernel and RAID driver.
 */
class AssembleModeTest {
    private static final List<String> MEMBERS = List.of("d0.img", "d1.img", "d2.img", "d3.img");
    private static final int DATA_BYTES = 3 << 20;

    @TempDir
    Path dir;

    private CliRun orion(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void createRaid5() {
        CliRun create = orion(ArrayImages.args(List.of("-C", "md0", "-l5", "-n4", "-c64", "-z2M", "-q"), MEMBERS));
        assertEquals(0, create.status(), create.err());
    }

    @Test
    void shouldStartACleanlyStoppedArrayWithoutAResyncAndStopItCleanAgain() {
        String eventsBefore = ArrayImages.field(orion("-E", "d1.img").out(), "Events : (\\d+)");
        CliRun run = orion(ArrayImages.args(List.of("--assemble", "/dev/md0"), MEMBERS));
        assertEquals(0, run.status(), run.err());
        assertEquals("orion: md0 has been started with 4 drives.\norion: md0: stopped cleanly (" + CreateMode.KEEP_RUNNING
                + ")\n", run.err());
        String examine = orion("-E", "d1.img").out();
        assertEquals("clean", ArrayImages.field(examine, "^\\s+State : (\\S+)$"));
        assertEquals(Long.parseLong(eventsBefore) + 2, Long.parseLong(ArrayImages.field(examine, "Events : (\\d+)")),
                "one event for starting, one for the clean stop");
    }

    @Test
    void shouldTakeTheNameFromTheSuperblocksWhenOnlyMembersAreGiven() {
        CliRun run = orion(ArrayImages.args(List.of("-A"), MEMBERS));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: md0 has been started with 4 drives.\n"), run.err());
    }

    @Test
    void shouldResyncAfterACrashAndKeepTheData() throws Exception {
        byte[] data = ArrayImages.pattern(DATA_BYTES);
        crashCopy(data, "crash");
        List<String> crashed = MEMBERS.stream().map(m -> "crash/" + m).toList();
        assertEquals("active", ArrayImages.field(orion("-E", "crash/d0.img").out(), "^\\s+State : (\\S+)$"),
                "a running array's superblocks say active");

        CliRun run = orion(ArrayImages.args(List.of("--assemble", "md0"), crashed));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("orion: md0 has been started with 4 drives.\norion: md0 was not stopped cleanly:"
                + " resyncing\norion: md0: resync complete; stopped cleanly"), run.err());
        assertEquals("clean", ArrayImages.field(orion("-E", "crash/d3.img").out(), "^\\s+State : (\\S+)$"));
        assertEquals(0, orion(ArrayImages.args(List.of("image", "export", "-q", "-o", "out.bin"), crashed)).status());
        assertEquals(ArrayImages.sha256(data, DATA_BYTES),
                ArrayImages.sha256(Files.readAllBytes(dir.resolve("out.bin")), DATA_BYTES));
    }

    @Test
    void shouldRefuseADirtyDegradedRaid5UnlessForcedAndExplainWhy() throws Exception {
        crashCopy(ArrayImages.pattern(DATA_BYTES), "crash");
        List<String> three = List.of("crash/d0.img", "crash/d1.img", "crash/d3.img");
        Map<String, String> before = ArrayImages.hashes(dir, three);
        CliRun refused = orion(ArrayImages.args(List.of("--assemble", "--run", "md0"), three));
        assertEquals(10, refused.status(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("orion: md0 was not stopped cleanly and is degraded (1 missing):"
                + " stripes being written at the crash may have parity that does not match their data"), refused.err());
        assertTrue(refused.err().endsWith("or use --force to start anyway (md's rule)\n"), refused.err());
        assertEquals(before, ArrayImages.hashes(dir, three));

        CliRun forced = orion(ArrayImages.args(List.of("--assemble", "--run", "--force", "md0"), three));
        assertEquals(0, forced.status(), forced.err());
        assertTrue(forced.err().contains("orion: md0 has been started with 3 drives (out of 4).\n"), forced.err());
    }

    @Test
    void shouldLeaveAStaleMemberOutSayWhyAndNeedRunToStartWithout() throws IOException {
        Files.copy(dir.resolve("d3.img"), dir.resolve("old3.img"));
        assertEquals(0, orion(ArrayImages.args(List.of("-A", "-q", "md0"), MEMBERS)).status());
        List<String> withStale = List.of("d0.img", "d1.img", "d2.img", "old3.img");
        Map<String, String> before = ArrayImages.hashes(dir, withStale);

        CliRun refused = orion(ArrayImages.args(List.of("--assemble", "md0"), withStale));
        assertEquals(10, refused.status(), refused.err());
        assertEquals("orion: md0 assembled from 3 drives - need all 4 to start it (use --run to insist): old3.img is"
                + " stale (events 2, the array is at 4): left out; add it back to rebuild it\n", refused.err());
        assertEquals(before, ArrayImages.hashes(dir, withStale));

        CliRun run = orion(ArrayImages.args(List.of("--assemble", "--run", "md0"), withStale));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: old3.img is stale (events 2, the array is at 4): left out; add it back"
                + " to rebuild it\norion: md0 starts degraded: 1 of 4 slot(s) missing\n"
                + "orion: md0 has been started with 3 drives (out of 4).\n"), run.err());
        assertEquals(before.get("old3.img"), ArrayImages.sha256(dir.resolve("old3.img")), "the stale member is not touched");
    }

    @Test
    void shouldPickTheMembersOfOneArrayByUuidAndPassOverTheRest() {
        List<String> other = ArrayImages.sparse(dir, "o", 2, 3L << 20);
        assertEquals(0, orion(ArrayImages.args(List.of("-C", "md1", "-l1", "-n2", "-q"), other)).status());
        ArrayImages.sparse(dir, "blank", 1, 3L << 20);
        String uuid = ArrayImages.field(orion("-E", "d0.img").out(), "Array UUID : (\\S+)");
        List<String> everything = List.of("o0.img", "d0.img", "blank0.img", "d1.img", "o1.img", "d2.img", "d3.img");
        CliRun run = orion(ArrayImages.args(List.of("--assemble", "--uuid=" + uuid), everything));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: md0 has been started with 4 drives.\n"), run.err());
        CliRun none = orion("--assemble", "-u", uuid, "o0.img", "blank0.img");
        assertEquals(4, none.status());
        assertTrue(none.err().startsWith("orion: no device among [o0.img, blank0.img] belongs to array " + uuid), none.err());
    }

    @Test
    void shouldAssembleReadOnlyWithoutWritingAByte() {
        Map<String, String> before = ArrayImages.hashes(dir, MEMBERS);
        CliRun run = orion(ArrayImages.args(List.of("--assemble", "--readonly", "md0"), MEMBERS));
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().startsWith("orion: md0 has been started read-only with 4 drives.\n"), run.err());
        assertEquals(before, ArrayImages.hashes(dir, MEMBERS));
    }

    @Test
    void shouldAssembleTheArraysOfOrionTomlWithScan() throws IOException {
        Files.writeString(dir.resolve("orion.toml"), String.join("\n",
                "[[controllers]]", "name = \"sata0\"", "transport = \"sata\"", "latency = \"zero\"",
                "disks = [ { name = \"a\", size = \"8MB\" }, { name = \"b\", size = \"8MB\" }, { name = \"c\", size = \"8MB\" } ]",
                "[[arrays]]", "name = \"vol\"", "level = 1", "members = [\"sata0/a\", \"sata0/b\", \"sata0/c\"]", ""));
        CliRun create = orion("-C", "vol", "-l1", "-n3", "sata0/a", "sata0/b", "sata0/c");
        assertEquals(0, create.status(), create.err());
        CliRun scan = orion("--assemble", "--scan");
        assertEquals(0, scan.status(), scan.err());
        assertTrue(scan.err().startsWith("orion: vol has been started with 3 drives.\n"), scan.err());
        CliRun detail = orion("--detail", "vol");
        assertEquals(0, detail.status(), detail.err());
        assertTrue(detail.out().contains("active sync   sata0/b\n"), detail.out());
        CliRun brief = orion("--examine", "--scan");
        assertEquals(0, brief.status(), brief.err());
        assertTrue(brief.out().matches("ARRAY /dev/md/vol  metadata=1\\.2 UUID=[0-9a-f:]{35} name=\\S+:vol\n"),
                brief.out());
        CliRun unknown = orion("--assemble", "--scan", "nope");
        assertEquals(4, unknown.status());
        assertEquals("orion: no array nope in orion.toml: the [[arrays]] entries are [vol]\n", unknown.err());
    }

    /**
     * Starts the array through the API, writes {@code data} and flushes, and copies the member files
     * to {@code into/} while it still runs: the copies are what the disks held at a crash.
     */
    private void crashCopy(byte[] data, String into) throws IOException {
        Files.createDirectories(dir.resolve(into));
        try (Kernel kernel = Kernel.create(ConfigLoader.parse("", dir, "test"), NanoClock.system())) {
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).get(0);
            List<BlockDevice> devices = new ArrayList<>();
            DeviceOpener opener = ServiceLoader.load(DeviceOpener.class).findFirst().orElseThrow();
            for (String m : MEMBERS) {
                devices.add(opener.open(dir.resolve(m), false, false).orElseThrow());
            }
            ArrayDevice array = raid.assemble(new AssembleRequest(null, false, false), devices);
            try {
                SyncIo.writeBytes(array, 0, java.util.Arrays.copyOf(data, DATA_BYTES), 0);
                SyncIo.flush(array);
                for (String m : MEMBERS) {
                    Files.copy(dir.resolve(m), dir.resolve(into).resolve(m));
                }
            } finally {
                array.close();
            }
        }
    }
}
