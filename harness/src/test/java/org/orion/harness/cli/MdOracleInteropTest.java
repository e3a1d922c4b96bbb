package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with real Linux md through the md oracle (a Debian kernel with md and mdadm 4.2 in a VM,
 * ~15-60 s a boot under TCG). Arrays are batched, several per boot, so the whole class stays at a
 * few minutes:
 * <ul>
 *   <li>arrays md creates (RAID0, RAID1, RAID4, RAID5 in all six layouts, RAID6, RAID10 n2/f2/o2)
 *       are read by {@code orion image export} with the oracle pattern's sha256, healthy and with a
 *       member missing;</li>
 *   <li>the same list created by {@code orion --create} and filled by {@code orion image import}
 *       is assembled by md without {@code --force}, with no resync at assembly, reads back the same
 *       sha256, has mismatch_cnt 0 after a check, and md rebuilds a failed member;</li>
 *   <li>and md-oracle's own {@code md-verify --fail 1 --rebuild} passes an Orion RAID6.</li>
 * </ul>
 * Skipped, saying why, where the oracle cannot run (run md-oracle/setup). Guest logs are kept in
 * {@code harness/target/md-oracle/}; a failure quotes what md said.
 */
@Tag("md-oracle")
class MdOracleInteropTest {
    private static final long MEMBER_BYTES = 16L << 20;
    private static final int PATTERN_BYTES = 48 << 20;

    /** One array: level, members, chunk (KiB), mdadm layout name or "default". */
    record Spec(int level, int disks, int chunkKiB, String layout) {
        String label() {
            return "raid" + level + (layout.equals("default") ? "" : " " + layout) + " " + disks + " disks"
                    + (level == 1 ? "" : " chunk " + chunkKiB + "K");
        }
    }

    /** At most 24 members per boot: the VM's PCI bus has room for about 28 disks. */
    private static final List<List<Spec>> GROUPS = List.of(
            List.of(new Spec(5, 4, 64, "left-asymmetric"), new Spec(5, 4, 64, "right-asymmetric"),
                    new Spec(5, 4, 64, "left-symmetric"), new Spec(5, 4, 64, "right-symmetric"),
                    new Spec(5, 4, 64, "parity-first"), new Spec(5, 4, 64, "parity-last")),
            List.of(new Spec(0, 3, 32, "default"), new Spec(1, 2, 0, "default"), new Spec(4, 3, 64, "default"),
                    new Spec(6, 4, 128, "default"), new Spec(10, 4, 64, "n2"), new Spec(10, 4, 64, "f2"),
                    new Spec(10, 4, 64, "o2")));

    @TempDir
    Path dir;
    private byte[] pattern;

    @BeforeEach
    void needTheOracle() {
        var why = MdOracle.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "md oracle cannot run here: " + why.orElse(""));
        pattern = ArrayImages.pattern(PATTERN_BYTES);
    }

    @Test
    void shouldReadEveryArrayLinuxMdCreatesExactlyHealthyAndDegraded() throws IOException {
        List<String> problems = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            List<Spec> specs = GROUPS.get(g);
            Path work = Files.createDirectories(dir.resolve("md-made-" + g));
            List<Path> images = new ArrayList<>();
            StringBuilder arrays = new StringBuilder();
            for (int idx = 0; idx < specs.size(); idx++) {
                Spec s = specs.get(idx);
                arrays.append(idx).append(':').append(s.level).append(':').append(s.disks).append(':')
                        .append(s.chunkKiB).append(':').append(s.layout).append(':').append(images.size()).append(' ');
                for (String m : members(s, idx)) {
                    ArrayImages.resize(work.resolve(m), MEMBER_BYTES);
                    images.add(work.resolve(m));
                }
            }
            Path patternDisk = work.resolve("pattern.img");
            ArrayImages.write(patternDisk, pattern, PATTERN_BYTES);
            String header = "ARRAYS=\"" + arrays.toString().trim() + "\"\nPATTERN_SERIAL=m" + images.size();
            images.add(patternDisk);
            MdOracle.Run run = MdOracle.vmRun("md-creates-" + g, header, "guest-create-batch.sh", images, false);
            assertEquals(0, run.exitCode(), "the oracle VM failed; log: " + run.log());
            for (int idx = 0; idx < specs.size(); idx++) {
                Spec s = specs.get(idx);
                if (!run.result("a" + idx + "_rc").equals("ok")) {
                    problems.add(s.label() + ": md could not create it (" + run.result("a" + idx + "_rc") + "):\n"
                            + run.excerpt(idx));
                    continue;
                }
                int bytes = Integer.parseInt(run.result("a" + idx + "_bytes"));
                String expected = ArrayImages.sha256(pattern, bytes);
                List<String> members = members(s, idx);
                check(problems, s.label() + " healthy", work, members, bytes, expected);
                if (s.level != 0) {
                    List<String> degraded = new ArrayList<>(members);
                    degraded.remove(idx % s.disks);
                    check(problems, s.label() + " without member " + (idx % s.disks), work, degraded, bytes, expected);
                }
            }
        }
        assertTrue(problems.isEmpty(), "Orion read md's arrays wrongly:\n" + String.join("\n", problems));
    }

    @Test
    void shouldHaveLinuxMdAssembleVerifyAndRebuildEveryArrayOrionCreates() throws IOException {
        List<String> problems = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            List<Spec> specs = GROUPS.get(g);
            Path work = Files.createDirectories(dir.resolve("orion-made-" + g));
            List<Path> images = new ArrayList<>();
            List<String> expectedSha = new ArrayList<>();
            List<Integer> expectedBytes = new ArrayList<>();
            StringBuilder arrays = new StringBuilder();
            for (int idx = 0; idx < specs.size(); idx++) {
                Spec s = specs.get(idx);
                List<String> members = members(s, idx);
                members.forEach(m -> ArrayImages.resize(work.resolve(m), MEMBER_BYTES));
                int bytes = orionCreateAndFill(work, "a" + idx, s, members);
                expectedBytes.add(bytes);
                expectedSha.add(ArrayImages.sha256(pattern, bytes));
                arrays.append(idx).append(':').append(s.level).append(':').append(s.disks).append(':')
                        .append(s.level == 0 ? -1 : (idx + 1) % s.disks).append(':').append(images.size()).append(' ');
                members.forEach(m -> images.add(work.resolve(m)));
            }
            MdOracle.Run run = MdOracle.vmRun("md-verifies-" + g, "ARRAYS=\"" + arrays.toString().trim() + "\"",
                    "guest-verify-batch.sh", images, true);
            assertEquals(0, run.exitCode(), "the oracle VM failed; log: " + run.log());
            for (int idx = 0; idx < specs.size(); idx++) {
                List<String> wrong = verdict(run, idx, specs.get(idx), expectedBytes.get(idx), expectedSha.get(idx));
                if (!wrong.isEmpty()) {
                    problems.add(specs.get(idx).label() + ": " + String.join("; ", wrong) + "\n--- what md said:\n"
                            + run.excerpt(idx));
                }
            }
        }
        assertTrue(problems.isEmpty(), "Linux md disagrees with Orion's arrays:\n" + String.join("\n", problems));
    }

    @Test
    void shouldPassTheOraclesOwnMdVerifyWithAFailedAndRebuiltMember() throws IOException {
        Path work = Files.createDirectories(dir.resolve("r6"));
        Spec raid6 = new Spec(6, 5, 64, "left-symmetric");
        List<String> members = List.of("disk0.img", "disk1.img", "disk2.img", "disk3.img", "disk4.img");
        members.forEach(m -> ArrayImages.resize(work.resolve(m), MEMBER_BYTES));
        int bytes = orionCreateAndFill(work, "r6", raid6, members);
        String uuid = ArrayImages.field(CliRun.run(work, "-E", "disk0.img").out(), "Array UUID : (\\S+)");
        Files.writeString(work.resolve("expected.env"), "ARRAY_BYTES=" + bytes + "\nARRAY_SHA256="
                + ArrayImages.sha256(pattern, bytes) + "\nARRAY_UUID=" + uuid + "\n");
        MdOracle.Run run = MdOracle.tool("md-verify-raid6", List.of("md-verify", "--fail", "1", "--rebuild",
                work.toString()));
        String log = Files.readString(run.log());
        assertEquals(0, run.exitCode(), log);
        assertTrue(log.contains("\nORACLE: PASS verify r6 failed=[1] +rebuild raid6"), log);
        assertTrue(log.contains("sync_action_at_assembly=idle"), log);
    }

    /** What md reported for array {@code idx} that is not what an md-made array would show. */
    private static List<String> verdict(MdOracle.Run run, int idx, Spec s, int bytes, String sha) {
        String a = "a" + idx + "_";
        List<String> wrong = new ArrayList<>();
        if (!run.result(a + "assembled").equals("yes")) {
            wrong.add("md did not assemble it without --force (" + run.result(a + "assembled") + ")");
            return wrong;
        }
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("sync_action", s.level == 0 ? "n/a" : "idle");
        expected.put("resyncs", "0");
        expected.put("bytes", Integer.toString(bytes));
        expected.put("sha256", sha);
        if (s.level != 0) {
            expected.put("mismatch_cnt", "0");
            expected.put("rebuilt_degraded", "0");
            expected.put("rebuilt_sha256", sha);
            expected.put("rebuilt_mismatch_cnt", "0");
        }
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String got = run.result(a + e.getKey());
            boolean raid0Idle = e.getKey().equals("sync_action") && s.level == 0 && got.equals("idle");
            if (!got.equals(e.getValue()) && !raid0Idle) {
                wrong.add(e.getKey() + " = " + got + ", expected " + e.getValue());
            }
        }
        return wrong;
    }

    /** {@code orion --create} then {@code orion image import} of the pattern; returns the array size. */
    private int orionCreateAndFill(Path work, String name, Spec s, List<String> members) {
        List<String> head = new ArrayList<>(List.of("--create", name, "--level=" + s.level, "--raid-devices="
                + s.disks, "-q"));
        if (s.level != 1) {
            head.add("--chunk=" + s.chunkKiB);
        }
        if (!s.layout.equals("default")) {
            head.add("--layout=" + s.layout);
        }
        CliRun create = CliRun.run(work, ArrayImages.args(head, members));
        assertEquals(0, create.status(), s.label() + ": " + create.err());
        CliRun detail = CliRun.run(work, ArrayImages.args(List.of("--detail", "--json"), members));
        int bytes = Integer.parseInt(ArrayImages.field(detail.out(), "\"arrayBytes\": (\\d+)"));
        Path in = work.resolve(name + "-content.bin");
        ArrayImages.write(in, pattern, bytes);
        CliRun fill = CliRun.run(work, ArrayImages.args(List.of("image", "import", "-q", in.getFileName().toString()),
                members));
        assertEquals(0, fill.status(), s.label() + ": " + fill.err());
        try {
            Files.delete(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes;
    }

    private static void check(List<String> problems, String what, Path work, List<String> members, int bytes,
                              String expected) {
        CliRun run = CliRun.run(work, ArrayImages.args(List.of("image", "export", "-q", "-o", "out.bin"), members));
        if (run.status() != 0) {
            problems.add(what + ": orion image export failed: " + run.err().trim());
            return;
        }
        try {
            long size = Files.size(work.resolve("out.bin"));
            String sha = ArrayImages.sha256(work.resolve("out.bin"));
            if (size != bytes || !sha.equals(expected)) {
                problems.add(what + ": Orion read " + size + " bytes with sha256 " + sha + ", md wrote " + bytes
                        + " bytes with sha256 " + expected);
            }
            Files.delete(work.resolve("out.bin"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> members(Spec s, int idx) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < s.disks; i++) {
            names.add("a" + idx + "-d" + i + ".img");
        }
        return names;
    }
}
