package org.orion.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.nbd.ExternalTool;
import org.orion.harness.nbd.TestFiles;

/**
 * The list of real clients against one real {@code orion serve} process: md0 = RAID6 over
 * six 66 MiB simulated disks, so the array is exactly 256 MiB and nbdcopy's 256 MiB fills it. The
 * tests share the process (one start per class keeps the suite fast); each writes what it later
 * checks, so their order does not matter.
 */
@Tag("serve")
class ServeRealClientsTest {
    private static final long ARRAY_BYTES = 256L << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    private static ServeProcess serve;

    @BeforeAll
    static void startServe() throws Exception {
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(66L << 20), dir.resolve("orion"));
    }

    @AfterAll
    static void stopServe() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    private static Path scratch(String name) throws Exception {
        return Files.createDirectories(dir.resolve(name));
    }

    @Test
    void shouldDescribeMd0ToNbdinfoAsA256MiBWritableRaid6() throws Exception {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        String out = ExternalTool.run(dir, TIMEOUT, "nbdinfo", serve.uri()).assertOk("nbdinfo").out();
        assertTrue(out.contains("export=\"md0\""), out);
        assertTrue(out.contains("export-size: " + ARRAY_BYTES), out);
        assertTrue(out.contains("description: raid6 left-symmetric over 6 members"), out);
        assertTrue(out.contains("is_read_only: false"), out);
        assertTrue(out.contains("can_flush: true"), out);
        assertTrue(out.contains("can_fua: true"), out);
        assertTrue(out.contains("base:allocation"), out);
    }

    @Test
    void shouldListMd0ToNbdinfoAndServeItAsTheDefaultExport() throws Exception {
        ExternalTool.require("nbdinfo", "libnbd-bin");
        String server = "nbd://127.0.0.1:" + serve.port();
        String list = ExternalTool.run(dir, TIMEOUT, "nbdinfo", "--list", server).assertOk("nbdinfo --list").out();
        assertTrue(list.contains("export=\"md0\""), list);
        assertTrue(list.contains("export-size: " + ARRAY_BYTES), list);
        String size = ExternalTool.run(dir, TIMEOUT, "nbdinfo", "--size", server).assertOk("nbdinfo --size").out();
        assertEquals(String.valueOf(ARRAY_BYTES), size.trim());
    }

    @Test
    void shouldCopy256MiBInAndOutWithNbdcopyWithMatchingSha256() throws Exception {
        ExternalTool.require("nbdcopy", "libnbd-bin");
        Path work = scratch("nbdcopy");
        // A 4 MiB hole in the middle: nbdcopy sends WRITE_ZEROES for it, which must replace what an
        // earlier test may have left there.
        Path in = TestFiles.random(work.resolve("in.img"), ARRAY_BYTES, 256, 100L << 20, 4L << 20);
        ExternalTool.run(work, TIMEOUT, "nbdcopy", "--flush", in.toString(), serve.uri()).assertOk("nbdcopy in");
        Path out = work.resolve("out.img");
        ExternalTool.run(work, TIMEOUT, "nbdcopy", serve.uri(), out.toString()).assertOk("nbdcopy out");
        assertEquals(ARRAY_BYTES, Files.size(out));
        assertEquals(TestFiles.sha256(in), TestFiles.sha256(out));
        Files.delete(in);
        Files.delete(out);
    }

    @Test
    void shouldConvertAnImageOntoMd0AndCompareItWithQemuImg() throws Exception {
        ExternalTool.require("qemu-img", "qemu-utils");
        Path work = scratch("qemu-img");
        // Data in the first 96 MiB, then a hole to the end: convert writes data and WRITE_ZEROES.
        Path image = TestFiles.random(work.resolve("image.raw"), ARRAY_BYTES, 7, 96L << 20, ARRAY_BYTES - (96L << 20));
        ExternalTool.run(work, TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", image.toString(),
                serve.uri()).assertOk("qemu-img convert -n onto nbd://");
        ExternalTool.run(work, TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", image.toString(), serve.uri())
                .assertOk("qemu-img compare with nbd://");
        Path copy = work.resolve("copy.raw");
        ExternalTool.run(work, TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "raw", serve.uri(), copy.toString())
                .assertOk("qemu-img convert from nbd://");
        assertEquals(TestFiles.sha256(image), TestFiles.sha256(copy));
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0x99}), 200L << 20); // one byte in the zeroed tail
        }
        ExternalTool.Result differs = ExternalTool.run(work, TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw",
                copy.toString(), serve.uri());
        assertEquals(1, differs.exitCode(), "compare must notice one changed byte: " + differs.out() + differs.err());
        assertTrue(differs.out().contains("offset " + (200L << 20)), differs.out());
        Files.delete(image);
        Files.delete(copy);
    }

    @Test
    void shouldReadQemuIoPatternsWrittenAtUnalignedOffsetsBackFromASecondConnection() throws Exception {
        ExternalTool.require("qemu-io", "qemu-utils");
        // Offsets straddle sectors, 4 KiB pages, a 512 KiB chunk (524288) and a whole stripe
        // (4 data chunks = 2 MiB), so the server's read-modify-write and the RAID6 parity update both run.
        List<String> writes = List.of("write -P 0xab 1 3", "write -P 0xcd 513 1000", "write -P 0x5a 524287 3",
                "write -P 0x3c 2097151 4099", "aio_write -P 0x11 3145729 131071", "aio_flush",
                "write -z 5242881 70000", "writev -P 0x22 8388609 511 513");
        ExternalTool.Result write = qemuIo(false, writes);
        assertFalse(write.out().contains("failed"), write.out());
        List<String> reads = List.of("read -P 0xab 1 3", "read -P 0xcd 513 1000", "read -P 0x5a 524287 3",
                "read -P 0x3c 2097151 4099", "read -P 0x11 3145729 131071", "read -P 0 5242881 70000",
                "read -P 0x22 8388609 1024");
        ExternalTool.Result read = qemuIo(true, reads);
        assertFalse(read.out().contains("Pattern verification failed"), read.out());
        assertTrue(read.out().contains("read 3/3 bytes at offset 524287"), read.out());
        assertTrue(read.out().contains("read 4099/4099 bytes at offset 2097151"), read.out());
    }

    /** One qemu-io process (one NBD connection): writes through a read-write open, reads through a read-only one. */
    private static ExternalTool.Result qemuIo(boolean readOnly, List<String> commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        if (readOnly) {
            cmd.add("-r");
        }
        cmd.add(serve.uri());
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        return ExternalTool.run(dir, TIMEOUT, cmd).assertOk("qemu-io " + (readOnly ? "reads" : "writes"));
    }

    @Test
    void shouldVerifyFioRandomReadsAndWritesOverTheNbdEngineWithCrc32c() throws Exception {
        ExternalTool.require("fio", "fio");
        Path work = scratch("fio"); // fio leaves *-verify.state files in its cwd when a verify fails
        assumeTrue(ExternalTool.run(work, TIMEOUT, "fio", "--enghelp=nbd").out().contains("uri"),
                "this fio has no nbd engine; skipping");
        ExternalTool.Result fio = ExternalTool.run(work, TIMEOUT, "fio", "--name=randrw", "--ioengine=nbd",
                "--uri=" + serve.uri(), "--rw=randrw", "--bsrange=4k-64k", "--iodepth=16", "--size=64m",
                "--offset=128m", "--verify=crc32c", "--verify_fatal=1", "--randseed=5").assertOk("fio randrw");
        assertTrue(fio.out().contains("err= 0"), fio.out());
        assertFalse(fio.out().contains("verify: bad"), fio.out());
    }
}
