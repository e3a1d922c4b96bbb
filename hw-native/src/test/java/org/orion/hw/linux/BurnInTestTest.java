package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.orion.driver.api.block.ContentSignature;
import org.orion.driver.api.block.ContentSignatures;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;

/** Burn-in on real files and loop devices, and its refusal to destroy devices that hold data. */
class BurnInTestTest {
    private static final NanoClock CLOCK = NanoClock.system();
    private Path dir;

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory(TestFiles.targetDir(), "burnin");
    }

    @AfterEach
    void cleanUp() throws Exception {
        HostTools.detachAll();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void shouldWriteAndVerifyEveryBlockOfAnEmptyFile() throws Exception {
        Path file = TestFiles.sparseFile(dir, "blank", 8L << 20);
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            BurnInResult result = BurnInTest.run(device, BurnInOptions.destructive(7).withChunkBytes(256 * 1024), CLOCK);
            assertTrue(result.passed(), result.toString());
            assertEquals(8L << 20, result.lengthBytes());
            assertTrue(result.writeMibPerSecond() > 0 && result.readMibPerSecond() > 0);
        }
        byte[] firstBlock = new byte[512];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(4096);
            raf.readFully(firstBlock);
        }
        assertEquals(4096, ByteBuffer.wrap(firstBlock).order(ByteOrder.LITTLE_ENDIAN).getLong(0),
                "each block starts with its own offset");
    }

    @Test
    void shouldCountBlocksThatDoNotReadBackWhatWasWritten() throws Exception {
        Path file = TestFiles.sparseFile(dir, "lossy", 4L << 20);
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            BlockDevice dropsOneWrite = new FilterBlockDevice(device) {
                @Override
                public IoStatus submit(IoRequest request) {
                    if (request.op() == IoOp.WRITE && request.offsetBytes() == (1L << 20)) {
                        request.complete(IoStatus.OK); // a write the "disk" acknowledged but lost: 128 KiB
                        return IoStatus.OK;
                    }
                    return super.submit(request);
                }
            };
            BurnInResult result = BurnInTest.run(dropsOneWrite, BurnInOptions.destructive(3).withChunkBytes(128 * 1024),
                    CLOCK);
            assertFalse(result.passed());
            assertEquals(128 * 1024 / 512, result.mismatchedBlocks());
            assertEquals(1L << 20, result.firstBadOffsets().get(0));
            assertEquals(0, result.readErrors());
        }
    }

    @Test
    void shouldReadAWholeDeviceWithoutChangingItInReadOnlyMode() throws Exception {
        Path file = TestFiles.sparseFile(dir, "ro", 2L << 20);
        Files.write(file, new byte[] {1, 2, 3, 4}, java.nio.file.StandardOpenOption.WRITE);
        byte[] before = sha256(file);
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            BurnInResult result = BurnInTest.run(device, BurnInOptions.readOnly(), CLOCK);
            assertTrue(result.passed());
            assertFalse(result.destructive());
            assertEquals(0.0, result.writeMibPerSecond());
        }
        assertArrayEquals(before, sha256(file));
    }

    @Test
    void shouldReportUnreadableRangesInReadOnlyMode() throws Exception {
        Path file = TestFiles.sparseFile(dir, "shrinks", 4L << 20);
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(3L << 20); // the last MiB is gone: reads there fail
            }
            BurnInResult result = BurnInTest.run(device, BurnInOptions.readOnly().withChunkBytes(1 << 20), CLOCK);
            assertEquals(1, result.readErrors());
            assertEquals(List.of(3L << 20), result.firstBadOffsets());
        }
    }

    @Test
    void shouldRefuseToDestroyAFileSystem() throws Exception {
        Path file = TestFiles.sparseFile(dir, "ext4", 8L << 20);
        HostTools.run("mkfs.ext4", "-q", "-F", file.toString());
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            OrionException e = assertThrows(OrionException.class,
                    () -> BurnInTest.run(device, BurnInOptions.destructive(1), CLOCK));
            assertEquals(ErrorCode.UNSAFE, e.code());
            assertTrue(e.getMessage().contains("an ext2/3/4 file system at byte 1080"), e.getMessage());
            assertTrue(BurnInTest.run(device, BurnInOptions.readOnly(), CLOCK).passed(), "reading is always allowed");
        }
    }

    @Test
    void shouldFindMdSuperblocksOfEveryVersionAndOtherSignatures() throws Exception {
        long size = 8L << 20;
        long sectors = size / 512;
        assertEquals(List.of(new ContentSignature("md 1.2", 4096)), scanWith(size, 4096, le32(ContentSignatures.MD_MAGIC)));
        assertEquals(List.of(new ContentSignature("md 1.1", 0)), scanWith(size, 0, le32(ContentSignatures.MD_MAGIC)));
        long v10 = ((sectors - 16) & ~7L) * 512;
        assertEquals(List.of(new ContentSignature("md 1.0", v10)), scanWith(size, v10, le32(ContentSignatures.MD_MAGIC)));
        long v090 = ((sectors & ~127L) - 128) * 512;
        assertEquals(List.of(new ContentSignature("md 0.90", v090)), scanWith(size, v090, le32(ContentSignatures.MD_MAGIC)));
        assertEquals(List.of(new ContentSignature("xfs", 0)), scanWith(size, 0, "XFSB".getBytes()));
        assertEquals(List.of(new ContentSignature("btrfs", 65600)), scanWith(size, 65600, "_BHRfS_M".getBytes()));
        assertEquals(List.of(new ContentSignature("gpt", 512)), scanWith(size, 512, "EFI PART".getBytes()));
        assertEquals(List.of(), scanWith(size, 4097, le32(ContentSignatures.MD_MAGIC)), "one byte off is not a superblock");
    }

    @Test
    void shouldRecogniseARealSwapArea() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mkswap")) || Files.isExecutable(Path.of("/sbin/mkswap")),
                "mkswap is not installed");
        Path file = TestFiles.sparseFile(dir, "swap", 4L << 20);
        HostTools.run("mkswap", file.toString());
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            assertEquals(List.of(new ContentSignature("swap", 4086)), ContentSignatures.scan(device));
        }
    }

    @Test
    @Tag("root")
    void shouldBurnInALoopDevice() throws Exception {
        String reason = HostTools.loopUnavailableReason();
        assumeTrue(reason == null, reason);
        Path loop = HostTools.attachLoop(TestFiles.sparseFile(dir, "loop", 6L << 20));
        try (LinuxBlockDevice device = LinuxDevices.open(loop)) {
            BurnInResult result = BurnInTest.run(device, BurnInOptions.destructive(99).withRange(1 << 20, 4L << 20), CLOCK);
            assertTrue(result.passed(), result.toString());
            assertEquals(4L << 20, result.lengthBytes());
        }
    }

    private List<ContentSignature> scanWith(long size, long offset, byte[] magic) throws Exception {
        Path file = TestFiles.sparseFile(dir, "sig", size);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(magic);
        }
        try (LinuxBlockDevice device = LinuxDevices.open(file)) {
            return ContentSignatures.scan(device);
        }
    }

    private static byte[] le32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
