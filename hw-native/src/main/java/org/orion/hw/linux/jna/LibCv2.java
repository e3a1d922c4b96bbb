package org.orion.hw.linux.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pwritev2} (glibc 2.26, Linux 4.7), bound separately from {@link LibC} because a C library
 * without it must not stop the rest of libc from binding. With {@code RWF_DSYNC} it makes one write
 * durable on its own, which is how a FUA write is done without a full {@code fdatasync}.
 */
public final class LibCv2 {
    private static final Logger LOG = LoggerFactory.getLogger(LibCv2.class);
    private static final boolean AVAILABLE = bind();

    private LibCv2() {
    }

    private static boolean bind() {
        try {
            Native.register(LibCv2.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            LOG.warn("pwritev2 is not available in this C library ({}): FUA writes will use pwrite + fdatasync", e.getMessage());
            return false;
        }
    }

    /** True if {@link #pwritev2} is bound. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** {@code pwritev2(fd, iov, iovcnt, offset, flags)}; {@code iovAddress} points at {@code struct iovec[iovcnt]}. */
    public static native long pwritev2(int fd, long iovAddress, int iovcnt, long offset, int flags);
}
