package org.orion.hw.linux.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The libc functions Orion calls, bound with JNA direct mapping ({@link Native#register}): a call
 * costs one JNI transition and allocates nothing when every argument is a primitive. Pointers are
 * passed as {@code long} addresses (LP64: a pointer is 64 bits on x86_64 and arm64), so the data
 * path never creates a {@link com.sun.jna.Pointer}.
 *
 * <p>Every function returns -1 (or a negative count) on failure; the cause is then
 * {@link Native#getLastError()}, which JNA saves per thread right after the call.
 *
 * <p>{@code open} and {@code ioctl} are variadic in C. Calling them with a fixed signature is
 * correct on the two ABIs Orion supports (SysV x86_64 and AAPCS64 on Linux pass variadic integer
 * arguments in the same registers as fixed ones).
 */
public final class LibC {
    static {
        Native.register(LibC.class, Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    public static native int open(String path, int flags, int mode);

    public static native int close(int fd);

    /** Reads up to {@code count} bytes at {@code offset} into native memory at {@code bufferAddress}. */
    public static native long pread(int fd, long bufferAddress, long count, long offset);

    /** Writes up to {@code count} bytes at {@code offset} from native memory at {@code bufferAddress}. */
    public static native long pwrite(int fd, long bufferAddress, long count, long offset);

    public static native int fdatasync(int fd);

    public static native int fallocate(int fd, int mode, long offset, long length);

    /** {@code ioctl(fd, request, argument)} where the argument is an address or a plain integer. */
    public static native int ioctl(int fd, long request, long argument);

    /** {@code statx(dirfd, path, flags, mask, buffer)}; with {@code AT_EMPTY_PATH} and "" it describes {@code dirfd}. */
    public static native int statx(int dirfd, String path, int flags, int mask, long statxAddress);

    public static native int flock(int fd, int operation);

    /** {@code mmap(address, length, prot, flags, fd, offset)}: the mapping's address, or -1 ({@code MAP_FAILED}). */
    public static native long mmap(long address, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long address, long length);

    public static native int madvise(long address, long length, int advice);

    public static native String strerror(int errno);
}
