package org.orion.hw.sim.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.testing.Patterns;

class SparseFileMediaTest {
    @TempDir
    Path directory;

    @Test
    void shouldCreateAFileOfTheFullSizeWithoutWritingIt() throws IOException {
        Path path = directory.resolve("big.img");
        long oneTebibyte = 1L << 40;
        try (SparseFileMedia media = SparseFileMedia.open(path, oneTebibyte, "sim0/big")) {
            assertTrue(media.created());
            assertEquals(oneTebibyte, Files.size(path), "the size is the disk's capacity");
            byte[] data = Patterns.random(1, 4096);
            media.writeBytes(oneTebibyte - 4096, data, 0, data.length);
            byte[] back = new byte[4096];
            media.readBytes(oneTebibyte - 4096, back, 0, back.length);
            assertArrayEquals(data, back);
            media.readBytes(1L << 39, back, 0, back.length);
            assertArrayEquals(new byte[4096], back, "never written reads as zeroes");
        }
    }

    @Test
    void shouldKeepContentAcrossReopen() throws IOException {
        Path path = directory.resolve("keep.img");
        byte[] data = Patterns.random(2, 8192);
        try (SparseFileMedia media = SparseFileMedia.open(path, 1 << 20, "sim0/keep")) {
            media.write(4096, ByteBuffer.wrap(data), 0, data.length);
        }
        try (SparseFileMedia media = SparseFileMedia.open(path, 1 << 20, "sim0/keep")) {
            assertFalse(media.created());
            ByteBuffer back = ByteBuffer.allocateDirect(8192);
            media.read(4096, back, 0, 8192);
            byte[] bytes = new byte[8192];
            back.get(0, bytes);
            assertArrayEquals(data, bytes);
        }
    }

    @Test
    void shouldRefuseAFileOfAnotherSizeNamingBothSizesAndLeaveItUntouched() throws IOException {
        Path path = directory.resolve("user.img");
        byte[] userData = Patterns.random(3, 12_288);
        Files.write(path, userData);
        OrionException e = assertThrows(OrionException.class, () -> SparseFileMedia.open(path, 1 << 20, "sim0/d1"));
        assertEquals(ErrorCode.SIZE, e.code());
        assertTrue(e.getMessage().contains("sim0/d1") && e.getMessage().contains("12288 bytes")
                && e.getMessage().contains("1048576 bytes"), e.getMessage());
        assertArrayEquals(userData, Files.readAllBytes(path), "never truncate or grow user data");
    }

    @Test
    void shouldRefuseAFileAlreadyInUse() {
        Path path = directory.resolve("busy.img");
        try (SparseFileMedia first = SparseFileMedia.open(path, 1 << 20, "sim0/a")) {
            OrionException e = assertThrows(OrionException.class, () -> SparseFileMedia.open(path, 1 << 20, "sim1/b"));
            assertEquals(ErrorCode.CONFLICT, e.code());
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldRefuseAMissingDirectoryOrADirectoryAsFile() {
        OrionException missing = assertThrows(OrionException.class,
                () -> SparseFileMedia.open(directory.resolve("no/such/dir.img"), 1 << 20, "sim0/x"));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("create it first"), missing.getMessage());
        OrionException notFile = assertThrows(OrionException.class, () -> SparseFileMedia.open(directory, 1 << 20, "sim0/x"));
        assertTrue(notFile.getMessage().contains("not a regular file"), notFile.getMessage());
    }

    @Test
    void shouldKeepWorkingWhenTheCallingThreadIsInterrupted() throws IOException {
        Path path = directory.resolve("interrupt.img");
        try (SparseFileMedia media = SparseFileMedia.open(path, 1 << 20, "sim0/i")) {
            byte[] data = Patterns.random(4, 4096);
            Thread.currentThread().interrupt();
            try {
                media.writeBytes(0, data, 0, data.length);
                assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is kept");
            } finally {
                Thread.interrupted();
            }
            byte[] back = new byte[4096];
            media.readBytes(0, back, 0, back.length);
            assertArrayEquals(data, back, "the channel was not closed by the interrupt");
        }
    }

    @Test
    void shouldSurviveInterruptsLandingInTheMiddleOfTransfers() throws Exception {
        Path path = directory.resolve("storm.img");
        try (SparseFileMedia media = SparseFileMedia.open(path, 1 << 20, "sim0/s")) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    byte[] back = new byte[65536];
                    for (int i = 0; i < 400; i++) {
                        byte[] data = Patterns.random(i, 65536);
                        media.writeBytes((i % 16) * 65536L, data, 0, data.length);
                        media.readBytes((i % 16) * 65536L, back, 0, back.length);
                        assertArrayEquals(data, back, "round " + i);
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            worker.start();
            while (worker.isAlive()) {
                worker.interrupt();
                Thread.sleep(0, 200_000);
            }
            assertEquals(null, failure.get(), "the worker failed after " + media.reopenCount() + " reopen(s)");
            byte[] back = new byte[4096];
            media.readBytes(0, back, 0, back.length);
            assertArrayEquals(Arrays.copyOf(Patterns.random(384, 65536), 4096), back, "still usable from another thread");
        }
    }

    @Test
    void shouldMoveLargeTransfersThroughTheBounceBufferInPieces() throws IOException {
        Path path = directory.resolve("large.img");
        try (SparseFileMedia media = SparseFileMedia.open(path, 4 << 20, "sim0/l")) {
            byte[] data = Patterns.random(5, (1 << 20) + 4096);
            media.write(512, ByteBuffer.wrap(data), 0, data.length);
            ByteBuffer back = ByteBuffer.allocate(data.length + 10);
            media.read(512, back, 10, data.length);
            assertEquals(0, back.position());
            assertEquals(back.capacity(), back.limit());
            byte[] bytes = new byte[data.length];
            back.get(10, bytes);
            assertArrayEquals(data, bytes);
            media.zero(512, 1 << 20, true);
            media.readBytes(512, bytes, 0, bytes.length);
            assertArrayEquals(new byte[1 << 20], java.util.Arrays.copyOf(bytes, 1 << 20));
        }
    }

    @Test
    void shouldMoveDirectBuffersWithoutTouchingTheirPositionOrLimitAndWithoutMixingUpBuffers() throws IOException {
        Path path = directory.resolve("direct.img");
        try (SparseFileMedia media = SparseFileMedia.open(path, 4 << 20, "sim0/d")) {
            byte[] first = Patterns.random(6, 64 * 1024);
            byte[] second = Patterns.random(7, 64 * 1024);
            ByteBuffer a = ByteBuffer.allocateDirect(128 * 1024);
            ByteBuffer b = ByteBuffer.allocateDirect(128 * 1024);
            a.put(4096, first);
            b.put(0, second);
            a.position(3).limit(a.capacity() - 5);
            media.write(0, a, 4096, first.length);
            media.write(1 << 20, b, 0, second.length);
            // Read each range back into the other buffer, at other offsets: each view must follow its own buffer.
            media.read(1 << 20, a, 8192, second.length);
            media.read(0, b, 512, first.length);
            assertEquals(3, a.position(), "position untouched");
            assertEquals(a.capacity() - 5, a.limit(), "limit untouched");
            byte[] got = new byte[second.length];
            a.get(8192, got);
            assertArrayEquals(second, got);
            b.get(512, got);
            assertArrayEquals(first, got);
        }
    }
}
