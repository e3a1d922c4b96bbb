package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Arrays made by {@code orion --create}, read by the host's real {@code mdadm --examine} (Debian's
 * mdadm reads image files without the kernel driver): every superblock's checksum is correct and
 * mdadm sees the array UUID, level, device count, role and data offset Orion meant. Skipped, saying
 * why, where mdadm is not installed.
 */
@Tag("mdadm")
class HostMdadmExamineTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needMdadm() {
        Assumptions.assumeTrue(mdadm(List.of("--version")) != null, "mdadm is not installed (apt-get install"
                + " --no-install-recommends mdadm): skipping the check of Orion's superblocks with real mdadm");
    }

    @ParameterizedTest(name = "raid{0} {3} on {1} members + {2} spare(s)")
    @CsvSource({"0, 3, 0, default", "1, 3, 1, default", "4, 4, 0, parity-last", "5, 4, 1, left-asymmetric",
            "6, 5, 0, right-symmetric", "10, 4, 0, f2", "10, 3, 1, o2"})
    void shouldFindEveryOrionSuperblockCorrectAndAsIntended(int level, int count, int spares, String layout) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count + spares; i++) {
            members.add("m" + i + ".img");
        }
        List<String> head = new ArrayList<>(List.of("--create", "md7", "--level=" + level, "--raid-devices=" + count,
                "--spare-devices=" + spares, "--size=3M", "-q", "--homehost=orion-ci"));
        if (!layout.equals("default")) {
            head.add("--layout=" + layout);
        }
        CliRun create = CliRun.run(dir, ArrayImages.args(head, members));
        assertEquals(0, create.status(), create.err());
        String uuid = ArrayImages.field(CliRun.run(dir, "-E", "m0.img").out(), "Array UUID : (\\S+)");

        for (int i = 0; i < members.size(); i++) {
            String out = mdadm(List.of("--examine", dir.resolve(members.get(i)).toString()));
            assertTrue(out.matches("(?s).*\n\\s+Checksum : [0-9a-f]+ - correct\n.*"), out);
            assertEquals(uuid, ArrayImages.field(out, "^\\s+Array UUID : (\\S+)$"));
            assertEquals("orion-ci:md7", ArrayImages.field(out, "^\\s+Name : (\\S+)"));
            assertEquals("raid" + level, ArrayImages.field(out, "^\\s+Raid Level : (\\S+)$"));
            assertEquals(Integer.toString(count), ArrayImages.field(out, "^\\s+Raid Devices : (\\d+)$"));
            String orion = CliRun.run(dir, "--examine", members.get(i)).out();
            assertEquals(ArrayImages.field(orion, "^\\s+Data Offset : (\\d+) sectors$"),
                    ArrayImages.field(out, "^\\s+Data Offset : (\\d+) sectors$"));
            assertEquals(ArrayImages.field(orion, "^\\s+Device UUID : (\\S+)$"),
                    ArrayImages.field(out, "^\\s+Device UUID : (\\S+)$"));
            assertEquals("clean", ArrayImages.field(out, "^\\s+State : (\\S+)$"));
            assertEquals(i < count ? "Active device " + i : "spare", ArrayImages.field(out, "^\\s+Device Role : (.+)$"));
            assertEquals("A".repeat(count), ArrayImages.field(out, "^\\s+Array State : (\\S+) "));
        }
    }

    /** mdadm's output (stderr appended), or null when mdadm cannot be run. */
    private static String mdadm(List<String> args) {
        List<String> command = new ArrayList<>(List.of("mdadm"));
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LC_ALL", "C");
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : "mdadm exit " + p.exitValue() + ":\n" + out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
