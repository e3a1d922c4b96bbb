package org.orion.hw.linux.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoStatus;

/** errno to IoStatus, errno text from the C library, and errno capture after a real failed call. */
class ErrnoTest {
    @Test
    void shouldMapFailedSystemCallsToDataPathStatuses() {
        assertEquals(IoStatus.MEDIA_ERROR, Errno.toIoStatus(Errno.EIO));
        assertEquals(IoStatus.MEDIA_ERROR, Errno.toIoStatus(Errno.ENODATA));
        assertEquals(IoStatus.NO_DEVICE, Errno.toIoStatus(Errno.ENODEV));
        assertEquals(IoStatus.NO_DEVICE, Errno.toIoStatus(Errno.ENXIO));
        assertEquals(IoStatus.INVALID, Errno.toIoStatus(Errno.EINVAL));
        assertEquals(IoStatus.TIMEOUT, Errno.toIoStatus(Errno.ETIMEDOUT));
        assertEquals(IoStatus.ABORTED, Errno.toIoStatus(Errno.ECANCELED));
        assertEquals(IoStatus.INTERNAL, Errno.toIoStatus(Errno.ENOMEM));
    }

    @Test
    void shouldNameErrnoWithTheCLibrarysText() {
        assertEquals("EBUSY (Device or resource busy)", Errno.describe(Errno.EBUSY));
        assertEquals("errno 200", Errno.name(200));
    }

    @Test
    void shouldCaptureErrnoOfTheFailedCallOnThisThread() {
        ByteBuffer buffer = NativeBuffers.alignedDirect(4096, 4096);
        long n = LibC.pread(-1, NativeBuffers.address(buffer), 4096, 0);
        assertEquals(-1, n);
        assertEquals(Errno.EBADF, Errno.last());
        assertEquals(IoStatus.NO_DEVICE, Errno.toIoStatus(Errno.last()));
        assertTrue(LibC.open("/nonexistent/orion", LinuxAbi.O_RDONLY, 0) < 0);
        assertEquals(Errno.ENOENT, Errno.last());
    }

    @Test
    void shouldAlignDirectBuffersAsAsked() {
        for (int alignment : new int[] {512, 4096, 65536}) {
            ByteBuffer b = NativeBuffers.alignedDirect(1000, alignment);
            assertEquals(0, NativeBuffers.address(b) % alignment);
            assertEquals(1000, b.capacity());
        }
    }
}
