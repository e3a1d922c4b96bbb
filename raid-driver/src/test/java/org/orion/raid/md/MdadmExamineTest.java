package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Superblocks Orion writes, read back by the real {@code mdadm --examine} (4.2 in CI): mdadm must
 * report the checksum correct, and its whole report must equal {@link ExamineFormatter}'s.
 * Skipped, saying why, where mdadm is not installed.
 */
@Tag("mdadm")
class MdadmExamineTest {
    private static final String HOST = "orion-ci";
    private static final long SEED = 0x0d15c_5eedL;
    private static final long CTIME = 1_700_000_000L;

    @TempDir
    Path dir;

    @BeforeAll
    static void needMdadm() {
        Assumptions.assumeTrue(mdadmAvailable(), "mdadm is not installed (apt-get install --no-install-recommends"
                + " mdadm): skipping the comparison with real mdadm");
        System.out.printf("MdadmExamineTest seed 0x%x%n", SEED);
    }

    private static boolean mdadmAvailable() {
        try {
            Process p = new ProcessBuilder("mdadm", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** mdadm's stdout (stderr appended) with UTC times and a fixed home host. */
    private static String mdadm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("mdadm"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TZ", "UTC");
        builder.environment().put("LC_ALL", "C");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "mdadm finished");
        return out;
    }

    private static String examineWithMdadm(Path image) throws IOException, InterruptedException {
        return mdadm("--examine", "--homehost=" + HOST, image.toString());
    }

    /** A sparse image of {@code sectors} holding {@code sb} at its super_offset. */
    private Path image(String name, long sectors, Superblock1 sb) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sectors * 512);
            raf.seek(sb.superOffsetSectors() * 512);
            raf.write(SuperblockCodec.encode(sb));
        }
        return file;
    }

    /** Writes every member of {@code request}, compares mdadm's report with ours; returns mdadm's reports. */
    private List<String> createAndCompare(MdCreateRequest request) throws IOException, InterruptedException {
        MdCreatePlan plan = MdCreateRules.plan(request, new Random(SEED));
        List<String> reports = new ArrayList<>();
        for (MdCreatePlan.Member member : plan.members()) {
            Path file = image(request.name() + "-" + member.deviceIndex() + ".img", member.device().sectors(),
                    member.superblock());
            reports.add(compare(file, member.device().sectors(), member.superblock()));
        }
        return reports;
    }

    private String compare(Path file, long sectors, Superblock1 sb) throws IOException, InterruptedException {
        String real = examineWithMdadm(file);
        assertTrue(real.contains("       Checksum : " + Integer.toHexString(sb.checksum()) + " - correct\n"), real);
        String ours = ExamineFormatter.examine(ExaminedMember.of(file.toString(), sectors, sb), HOST, ZoneOffset.UTC);
        assertEquals(real, ours);
        return real;
    }

    private static List<MdCreateRequest.Device> devices(long sectors, int count) {
        List<MdCreateRequest.Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(new MdCreateRequest.Device("d" + i, sectors));
        }
        return devices;
    }

    @Test
    void shouldPassMdadmExamineForEveryMemberOfANewRaid5() throws Exception {
        List<String> reports = createAndCompare(MdCreateRequest.of("orion", HOST, 5, 2, 0, 4, devices(40000, 4), CTIME));

        for (String report : reports) {
            assertTrue(report.contains("           Name : orion-ci:orion  (local to host orion-ci)\n"), report);
            assertTrue(report.contains("    Data Offset : 4096 sectors\n"), report);
            assertTrue(report.contains("     Raid Level : raid5\n"), report);
            assertTrue(report.contains("     Chunk Size : 512K\n"), report);
            assertTrue(report.contains("   Array State : AAA. "), report);
            assertTrue(report.contains("  Bad Block Log : 512 entries available at offset 16 sectors\n"), report);
        }
        assertTrue(reports.get(3).contains("   Device Role : spare\n"), reports.get(3));
    }

    @Test
    void shouldAgreeWithMdadmOnOtherLevelsAndLayouts() throws Exception {
        createAndCompare(MdCreateRequest.of("mirror", HOST, 1, 0, 0, 2, devices(40000, 3), CTIME));
        createAndCompare(MdCreateRequest.of("stripe", null, 0, 1, 64, 2,
                List.of(new MdCreateRequest.Device("a", 40000), new MdCreateRequest.Device("b", 60000)), CTIME));
        createAndCompare(MdCreateRequest.of("near", HOST, 10, 0x102, 0, 4, devices(50000, 4), CTIME));
        createAndCompare(MdCreateRequest.of("far", HOST, 10, 0x201, 0, 4, devices(50000, 4), CTIME));
        createAndCompare(MdCreateRequest.of("offset", HOST, 10, 0x10201, 128, 3, devices(50000, 3), CTIME));
        createAndCompare(MdCreateRequest.of("p4", HOST, 4, 5, 0, 3, devices(40000, 3), CTIME).assumingClean());
        List<MdCreateRequest.Device> degraded = devices(2L << 21, 5);
        degraded.set(2, MdCreateRequest.Device.missing());
        createAndCompare(MdCreateRequest.of("dual", HOST, 6, 18, 256, 5, degraded, CTIME));
        createAndCompare(MdCreateRequest.of("six", HOST, 6, 2, 0, 4, devices(20L << 21, 4), CTIME));
    }

    @Test
    void shouldAgreeWithMdadmOnStatesThatAssemblyAndReshapeWrite() throws Exception {
        MdCreatePlan plan = MdCreateRules.plan(MdCreateRequest.of("busy", HOST, 5, 2, 0, 4, devices(40000, 4), CTIME),
                new Random(SEED));
        Superblock1 sb = plan.members().get(0).superblock();
        Superblock1 reshaping = sb.toBuilder()
                .featureMap(FeatureMap.RESHAPE_ACTIVE | FeatureMap.NEW_OFFSET | FeatureMap.BAD_BLOCKS)
                .reshapePositionSectors(6144).deltaDisks(1).raidDisks(5).newLevel(5).newLayout(3)
                .newChunkSectors(128).newOffsetSectors(-1024).devFlags(Superblock1.WRITE_MOSTLY | Superblock1.FAILFAST)
                .buildWithChecksum().withRole(4, 4).withEvents(77).withResyncOffset(0)
                .withUtime(MdTime.ofSeconds(CTIME + 3600));
        Superblock1 recovering = sb.withRole(4, 3).toBuilder().devNumber(4).cntCorrectedRead(3).buildWithChecksum()
                .withRecoveryOffset(2048);
        Superblock1 replacing = sb.withRole(5, 0).toBuilder().devNumber(5)
                .featureMap(FeatureMap.REPLACEMENT | FeatureMap.RECOVERY_OFFSET).buildWithChecksum();
        Superblock1 oddRoles = sb.withDevRoles(DevRoles.allSpare(129).with(0, 0).with(1, 1).with(2, 2).with(128, 3));
        Superblock1 inconsistent = sb.withRole(7, 9).withRole(6, 1).toBuilder().level(6).buildWithChecksum();

        compare(image("reshaping.img", 40000, reshaping), 40000, reshaping);
        compare(image("recovering.img", 40000, recovering), 40000, recovering);
        compare(image("replacing.img", 40000, replacing), 40000, replacing);
        String odd = compare(image("odd.img", 40000, oddRoles), 40000, oddRoles);
        assertEquals(1024, SuperblockCodec.encode(oddRoles).length);
        assertTrue(odd.contains("   Array State : AAAA "), odd);
        String warned = compare(image("inconsistent.img", 40000, inconsistent), 40000, inconsistent);
        assertTrue(warned.contains("WARNING Array state is inconsistent"), warned);
    }

    @Test
    void shouldPrintTheSameBriefLineAsMdadm() throws Exception {
        MdCreatePlan plan = MdCreateRules.plan(MdCreateRequest.of("my disk", "it's", 1, 0, 0, 2, devices(40000, 2),
                CTIME), new Random(SEED));
        Superblock1 sb = plan.members().get(0).superblock();
        Path file = image("brief.img", 40000, sb);

        assertEquals(mdadm("--examine", "--brief", file.toString()), ExamineFormatter.brief(sb, false));
        assertEquals(mdadm("--examine", "--brief", "--verbose", file.toString()).lines().findFirst().orElseThrow()
                + "\n", ExamineFormatter.brief(sb, true));
    }

    @Test
    void shouldExamineTheMdMadeVectorLikeMdadm() throws Exception {
        Path file = dir.resolve("disk2.img");
        Files.write(file, MdVectors.image(2));
        Superblock1 sb = SuperblockLocator.find(new ImageDevice("disk2.img", MdVectors.image(2))).orElseThrow()
                .superblock();

        compare(file, MdVectors.image(2).length / 512, sb);
        assertEquals(mdadm("--examine", "--brief", file.toString()), ExamineFormatter.brief(sb, false));
    }
}
