package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.raid.assembly.LostRangeRig.CHUNK;
import static org.orion.raid.assembly.LostRangeRig.sb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.hw.sim.LatencyModel;
import org.orion.raid.md.ExamineBadBlocks;
import org.orion.raid.md.Superblock1;

/**
 * The bad-block log Orion writes, read by the real {@code mdadm --examine-badblocks} (4.2 in CI)
 * from the new member's image file: the same sectors, in the same words as Orion's own listing;
 * and after the lost blocks are rewritten, an empty list. Skipped, saying why, without mdadm.
 */
@Tag("mdadm")
class MdadmBadBlocksTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needMdadm() {
        Assumptions.assumeTrue(mdadm("--version").startsWith("mdadm"), "mdadm is not installed (apt-get install"
                + " --no-install-recommends mdadm): skipping the comparison with real mdadm");
    }

    private static String mdadm(String... args) {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("mdadm"));
            command.addAll(java.util.List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("LC_ALL", "C");
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return p.waitFor(20, TimeUnit.SECONDS) ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Test
    void shouldListTheSectorsOrionLoggedAsMdadmDoes() throws Exception {
        Path image = dir.resolve("member.img");
        LostRangeRig rig = LostRangeRig.failed(5, 31, false, LostRangeRig.fileSpec(image), LatencyModel.ZERO, true);
        rig.rebuild();
        rig.md.stop();
        Superblock1 own = sb(rig.target);
        long firstSector = own.dataOffsetSectors() + rig.stripe * CHUNK / 512;
        String expected = "Bad-blocks on " + image + ":\n" + String.format("%20d for %d sectors\n", firstSector, CHUNK / 512);

        assertEquals(expected, mdadm("--examine-badblocks", image.toString()), "mdadm reads Orion's log");
        assertEquals(expected, ExamineBadBlocks.text(rig.target, own).replace(rig.target.info().name(), image.toString()),
                "and Orion lists it in the same words");
        String examine = mdadm("--examine", image.toString());
        assertTrue(examine.contains(" - bad blocks present.\n") && examine.contains(" - correct\n"), examine);

        rig.md = rig.assemble(rig.survivorsAndTarget());
        BadBlockLogRebuildTest.rewriteReportedSpan(rig);
        rig.md.stop();
        assertEquals("Bad-blocks list is empty in " + image + "\n", mdadm("--examine-badblocks", image.toString()),
                "healed: mdadm sees an empty list");
        rig.md.close();
    }
}
