package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.linux.jna.NativeBuffers;

/** What LinuxBlockDevice promises beyond the generic contract: queueing, threads, buffers, errors. */
class LinuxBlockDeviceBehaviourTest {
    private Path dir;
    private Path file;

    @BeforeEach
    void createFile() throws Exception {
        dir = Files.createTempDirectory(TestFiles.targetDir(), "behaviour");
        file = TestFiles.sparseFile(dir, "member", 4L << 20);
    }

    @AfterEach
    void deleteFiles() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void shouldUseAlignedDirectBuffersInPlaceAndBounceHeapOrMisalignedOnes() {
        try (LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults())) {
            assertTrue(device.isDirect());
            ByteBuffer aligned = NativeBuffers.alignedDirect(64 * 1024, 4096);
            aligned.put(0, Patterns.random(1, 8192));
            assertEquals(IoStatus.OK, SyncIo.write(device, 0, aligned, 4096, 4096, 0));
            assertEquals(IoStatus.OK, SyncIo.read(device, 0, aligned, 8192, 4096));
            assertEquals(0, device.bouncedRequestCount(), "aligned direct memory goes straight to pread/pwrite");

            assertEquals(IoStatus.OK, SyncIo.read(device, 0, aligned, 16384 + 3, 4096));
            assertEquals(IoStatus.OK, SyncIo.read(device, 0, ByteBuffer.allocate(4096), 0, 4096));
            assertEquals(2, device.bouncedRequestCount(), "misaligned and heap buffers are bounced");
            byte[] expected = new byte[4096];
            aligned.get(8192, expected);
            byte[] viaMisaligned = new byte[4096];
            aligned.get(16384 + 3, viaMisaligned);
            assertArrayEquals(expected, viaMisaligned);
        }
    }

    @Test
    void shouldRefuseWithBusyInsteadOfBlockingWhenTheQueueDepthIsReached() throws Exception {
        LinuxOpenOptions options = LinuxOpenOptions.defaults().withQueueDepth(2).withIoThreads(1);
        try (LinuxBlockDevice device = LinuxDevices.open(file, options)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch firstRunning = new CountDownLatch(1);
            IoRequest blocker = new IoRequest().set(IoOp.READ, 0, 4096, ByteBuffer.allocate(4096), 0, 0, (r, s) -> {
                firstRunning.countDown();
                await(release);
            });
            assertEquals(IoStatus.OK, device.submit(blocker));
            assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
            List<Completions.Recorder> recorders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Completions.Recorder recorder = new Completions.Recorder();
                recorders.add(recorder);
                assertEquals(IoStatus.OK, device.submit(new IoRequest().set(IoOp.READ, 0, 4096,
                        ByteBuffer.allocate(4096), 0, 0, recorder)), "request " + i + " fits in the queue");
            }
            Completions.Recorder refused = new Completions.Recorder();
            long before = System.nanoTime();
            assertEquals(IoStatus.BUSY, device.submit(new IoRequest().set(IoOp.READ, 0, 4096, ByteBuffer.allocate(4096),
                    0, 0, refused)));
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1), "submit must not block");
            release.countDown();
            for (Completions.Recorder recorder : recorders) {
                assertEquals(IoStatus.OK, recorder.await());
            }
            assertEquals(0, refused.calls(), "a refused request never completes");
        }
    }

    @Test
    void shouldCompleteEveryAcceptedRequestBeforeCloseReturns() {
        LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults().withQueueDepth(16).withIoThreads(2));
        List<Completions.Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Completions.Recorder recorder = new Completions.Recorder();
            recorders.add(recorder);
            IoOp op = i % 2 == 0 ? IoOp.WRITE : IoOp.FLUSH;
            IoRequest request = new IoRequest().set(op, i * 4096L, op == IoOp.WRITE ? 4096 : 0,
                    ByteBuffer.wrap(Patterns.random(i, 4096)), 0, 0, recorder);
            assertEquals(IoStatus.OK, device.submit(request));
        }
        device.close();
        for (Completions.Recorder recorder : recorders) {
            assertTrue(recorder.isDone(), "completed before close returned");
        }
        assertEquals(IoStatus.NO_DEVICE, device.submit(new IoRequest().flush((r, s) -> { })));
    }

    @Test
    void shouldRunCompletionsOnTheDevicesIoThreads() throws Exception {
        try (LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults())) {
            AtomicReference<String> thread = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            device.submit(new IoRequest().flush((r, s) -> {
                thread.set(Thread.currentThread().getName());
                done.countDown();
            }));
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertTrue(thread.get().startsWith("orion-io-"), thread.get());
        }
    }

    @Test
    void shouldKeepServingAfterACompletionThrows() {
        try (LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults().withIoThreads(1))) {
            device.submit(new IoRequest().flush((r, s) -> {
                throw new IllegalStateException("a buggy completion");
            }));
            assertEquals(IoStatus.OK, SyncIo.flush(device));
        }
    }

    @Test
    void shouldReportAMediaErrorWhenTheFileShrankUnderneath() throws Exception {
        try (LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults())) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(1 << 20);
            }
            assertEquals(IoStatus.MEDIA_ERROR, SyncIo.read(device, 2L << 20, ByteBuffer.allocate(4096), 0, 4096));
            assertEquals(1, device.errorCount());
        }
    }

    @Test
    void shouldExplainAMissingPathADirectoryAndAnEmptyFile() throws Exception {
        OrionException missing = assertThrows(OrionException.class, () -> LinuxDevices.open(dir.resolve("nope.img")));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        OrionException directory = assertThrows(OrionException.class, () -> LinuxDevices.open(dir));
        assertEquals(ErrorCode.UNSUPPORTED, directory.code());
        assertTrue(directory.getMessage().contains("neither a regular file nor a block device"), directory.getMessage());

        Path empty = Files.createFile(dir.resolve("empty.img"));
        OrionException small = assertThrows(OrionException.class, () -> LinuxDevices.open(empty));
        assertEquals(ErrorCode.SIZE, small.code());
        assertTrue(small.getMessage().contains("truncate -s"), small.getMessage());
    }

    @Test
    void shouldDescribeAFileWithHalfKibLogicalAndFileSystemBlockPhysicalBlocks() {
        try (LinuxBlockDevice device = LinuxDevices.open(file, LinuxOpenOptions.defaults())) {
            assertEquals(MemberKind.REGULAR_FILE, device.kind());
            assertEquals(4L << 20, device.info().capacityBytes());
            assertEquals(512, device.info().logicalBlockBytes());
            assertEquals(4096, device.info().physicalBlockBytes(), "st_blksize of ext4");
            assertEquals(32, device.queueDepth());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
