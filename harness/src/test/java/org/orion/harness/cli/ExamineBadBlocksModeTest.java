package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code orion --examine-badblocks}: a member whose superblock records bad blocks (its log written
 * here byte by byte, as the kernel writes it) is listed in mdadm's words, and {@code --examine
 * --json} carries the same entries; a member without a superblock, without a log area, or with a
 * damaged log gets one line naming the problem and a non-zero status, and assembly refuses the
 * damaged log the same way, changing nothing.
 */
class ExamineBadBlocksModeTest {
    private static final List<String> MEMBERS = List.of("d0.img", "d1.img", "d2.img", "d3.img");
    /** md-format.md §1.2 offsets inside the superblock. */
    private static final int FEATURE_MAP_AT = 8;
    private static final int BBLOG_SIZE_AT = 186;
    private static final int BBLOG_OFFSET_AT = 188;
    private static final int CHECKSUM_AT = 216;
    private static final int MAX_DEV_AT = 220;
    private static final int BAD_BLOCKS = 8;

    @TempDir
    Path dir;

    private CliRun orion(String... args) {
        return CliRun.run(dir, args);
    }

    @BeforeEach
    void createRaid5() {
        CliRun create = orion(ArrayImages.args(List.of("-C", "md0", "-l5", "-n4", "-c64", "-z2M", "-q",
                "--homehost=box"), MEMBERS));
        assertEquals(0, create.status(), create.err());
    }

    @Test
    void shouldListTheRecordedSectorsInMdadmsWords() {
        recordBadBlocks("d1.img", new long[] {5000, 16}, new long[] {9000, 8});
        CliRun run = orion("--examine-badblocks", "d1.img");
        assertEquals(0, run.status(), run.err());
        assertEquals("Bad-blocks on d1.img:\n                5000 for 16 sectors\n                9000 for 8 sectors\n",
                run.out());
        assertTrue(orion("--examine", "d1.img").out().contains(" sectors - bad blocks present.\n"));
        String json = orion("--examine", "--json", "d1.img").out();
        assertTrue(json.contains("\"sector\": 5000,\n          \"sectors\": 16") && json.contains("\"sector\": 9000"),
                json);

        String hostMdadm = mdadm("--examine-badblocks", dir.resolve("d1.img").toString());
        if (hostMdadm != null) {
            assertEquals(run.out().replace("d1.img", dir.resolve("d1.img").toString()), hostMdadm,
                    "the host's mdadm lists the same");
        }
    }

    @Test
    void shouldSayTheListIsEmptyForAMemberWithoutBadBlocks() {
        CliRun run = orion("--examine-badblocks", "d0.img");
        assertEquals(0, run.status(), run.err());
        assertEquals("Bad-blocks list is empty in d0.img\n", run.out());
    }

    @Test
    void shouldRefuseInOneLineADeviceWithoutSuperblockOrWithoutLogAndStillListTheOthers() {
        ArrayImages.sparse(dir, "blank", 1, 1 << 20);
        patchSuperblock("d2.img", sb -> {
            sb.putShort(BBLOG_SIZE_AT, (short) 0);
            sb.putInt(BBLOG_OFFSET_AT, 0);
        });
        CliRun run = orion("--examine-badblocks", "blank0.img", "d2.img", "d0.img");
        assertEquals(4, run.status(), "not found: " + run.err());
        assertEquals("orion: blank0.img: no md superblock detected (not an array member)\n"
                + "orion: d2.img has no bad-block log (bblog_offset 0, bblog_size 0): md records no bad blocks on it, so"
                + " there is nothing to list\n", run.err());
        assertEquals("Bad-blocks list is empty in d0.img\n", run.out());
    }

    @Test
    void shouldRefuseADamagedLogHereAndAtAssemblyChangingNothing() {
        recordBadBlocks("d1.img", new long[] {5000, 16});
        long logAt = logOffsetBytes("d1.img");
        // A second entry of length 0: current kernels refuse such a log.
        ArrayImages.patch(dir.resolve("d1.img"), logAt + 8, le64((77L << 10)));
        CliRun run = orion("--examine-badblocks", "d1.img");
        assertEquals(7, run.status(), "corrupt");
        assertEquals("orion: d1.img: bad-block log entry 1 (0x0000000000013400) has length 0: the log is damaged;"
                + " clear it with mdadm --assemble --update=force-no-bbl\n", run.err());

        Map<String, String> before = ArrayImages.hashes(dir, MEMBERS);
        CliRun assemble = orion(ArrayImages.args(List.of("--assemble", "md0"), MEMBERS));
        assertEquals(7, assemble.status(), assemble.out() + assemble.err());
        assertTrue(assemble.err().contains("d1.img: bad-block log entry 1") && assemble.err().strip().lines().count() == 1,
                assemble.err());
        assertEquals(before, ArrayImages.hashes(dir, MEMBERS), "nothing written");
    }

    @Test
    void shouldNameTheModeInTheUsageWhenNoMemberIsGiven() {
        CliRun run = orion("--examine-badblocks");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orion: --examine-badblocks needs at least one member"), run.err());
    }

    /** Writes {@code entries} ({sector, count}) into the member's log as md does, sets BAD_BLOCKS, fixes the checksum. */
    private void recordBadBlocks(String member, long[]... entries) {
        long logAt = logOffsetBytes(member);
        for (int i = 0; i < 512; i++) {
            long entry = i < entries.length ? entries[i][0] << 10 | entries[i][1] : -1L;
            ArrayImages.patch(dir.resolve(member), logAt + 8L * i, le64(entry));
        }
        patchSuperblock(member, sb -> sb.putInt(FEATURE_MAP_AT, sb.getInt(FEATURE_MAP_AT) | BAD_BLOCKS));
    }

    private long logOffsetBytes(String member) {
        ByteBuffer sb = superblock(member);
        return ArrayImages.SUPERBLOCK_BYTES + (long) sb.getInt(BBLOG_OFFSET_AT) * 512;
    }

    private ByteBuffer superblock(String member) {
        return ByteBuffer.wrap(ArrayImages.read(dir.resolve(member), ArrayImages.SUPERBLOCK_BYTES, 1024))
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Changes the superblock and writes it back with md's checksum (calc_sb_1_csum). */
    private void patchSuperblock(String member, java.util.function.Consumer<ByteBuffer> change) {
        ByteBuffer sb = superblock(member);
        change.accept(sb);
        int size = 256 + 2 * sb.getInt(MAX_DEV_AT);
        sb.putInt(CHECKSUM_AT, 0);
        long sum = 0;
        int at = 0;
        for (; at + 4 <= size; at += 4) {
            sum += Integer.toUnsignedLong(sb.getInt(at));
        }
        if (size - at == 2) {
            sum += Short.toUnsignedInt(sb.getShort(at));
        }
        sb.putInt(CHECKSUM_AT, (int) ((sum & 0xffffffffL) + (sum >>> 32)));
        ArrayImages.patch(dir.resolve(member), ArrayImages.SUPERBLOCK_BYTES, java.util.Arrays.copyOf(sb.array(), size));
    }

    private static byte[] le64(long value) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }

    /** The host's mdadm output, or null when mdadm is not installed. */
    private static String mdadm(String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("mdadm"));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
