package org.orion.hw.linux.jna;

import com.sun.jna.Native;
import org.orion.driver.api.io.IoStatus;

/**
 * errno values (the generic Linux table, identical on x86_64 and arm64) and how a failed system call
 * becomes an {@link IoStatus} on the data path or a sentence on the control path.
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int ENOTBLK = 15;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ENOSYS = 38;
    public static final int ENODATA = 61;
    public static final int ETIME = 62;
    public static final int ENOLINK = 67;
    public static final int EBADMSG = 74;
    public static final int EILSEQ = 84;
    public static final int EOPNOTSUPP = 95;
    public static final int ETIMEDOUT = 110;
    public static final int EREMOTEIO = 121;
    public static final int ENOMEDIUM = 123;
    public static final int ECANCELED = 125;

    private Errno() {
    }

    /** errno of the last failed native call on this thread. Allocation-free. */
    public static int last() {
        return Native.getLastError();
    }

    /** True for errors that mean "try the same call again". */
    public static boolean isRetryable(int errno) {
        return errno == EINTR || errno == EAGAIN;
    }

    /** True for errors that mean "this device or file system does not do that operation". */
    public static boolean isUnsupported(int errno) {
        return errno == EOPNOTSUPP || errno == ENOTTY || errno == ENOSYS;
    }

    /**
     * The data-path status of a failed read, write, flush, discard or zero-out. A medium that fails
     * is data (MEDIA_ERROR); a device that vanished is NO_DEVICE; a request the kernel found malformed
     * (misaligned O_DIRECT, past the end) is INVALID.
     */
    public static IoStatus toIoStatus(int errno) {
        return switch (errno) {
            case EIO, ENODATA, EBADMSG, EILSEQ, ENOSPC, EROFS, EPERM, EACCES, EFBIG, EREMOTEIO -> IoStatus.MEDIA_ERROR;
            case ENODEV, ENXIO, EBADF, ENOMEDIUM, ENOLINK -> IoStatus.NO_DEVICE;
            case EINVAL, EOPNOTSUPP, ENOTTY, ENOSYS -> IoStatus.INVALID;
            case ETIMEDOUT, ETIME -> IoStatus.TIMEOUT;
            case ECANCELED -> IoStatus.ABORTED;
            case EAGAIN, EBUSY -> IoStatus.BUSY;
            default -> IoStatus.INTERNAL;
        };
    }

    /** "EBUSY (Device or resource busy)"-style text for messages. */
    public static String describe(int errno) {
        String text;
        try {
            text = LibC.strerror(errno);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            text = "errno " + errno;
        }
        return name(errno) + " (" + text + ")";
    }

    /** The symbolic name of the errno values this class knows, else "errno N". */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ENXIO -> "ENXIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case ENOTBLK -> "ENOTBLK";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EISDIR -> "EISDIR";
            case EINVAL -> "EINVAL";
            case ENOTTY -> "ENOTTY";
            case EFBIG -> "EFBIG";
            case ENOSPC -> "ENOSPC";
            case EROFS -> "EROFS";
            case ENOSYS -> "ENOSYS";
            case ENODATA -> "ENODATA";
            case ETIME -> "ETIME";
            case ENOLINK -> "ENOLINK";
            case EBADMSG -> "EBADMSG";
            case EILSEQ -> "EILSEQ";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ETIMEDOUT -> "ETIMEDOUT";
            case EREMOTEIO -> "EREMOTEIO";
            case ENOMEDIUM -> "ENOMEDIUM";
            case ECANCELED -> "ECANCELED";
            default -> "errno " + errno;
        };
    }
}
