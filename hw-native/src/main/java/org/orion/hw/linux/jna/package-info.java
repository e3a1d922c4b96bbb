/**
 * The only door to native code: libc through JNA direct mapping ({@link org.orion.hw.linux.jna.LibC}),
 * the Linux ABI numbers Orion needs (open flags, ioctl request codes, fallocate modes, errno values
 * in {@link org.orion.hw.linux.jna.LinuxAbi} and {@link org.orion.hw.linux.jna.Errno}), and the
 * kernel structures passed by pointer ({@code struct statx}, {@code sg_io_hdr},
 * {@code nvme_passthru_cmd}) as offset tables over native memory.
 *
 * <p>Threads: every method is thread-safe; data-path calls ({@code pread}, {@code pwrite},
 * {@code fallocate}, {@code ioctl}) run on the device I/O threads of
 * {@link org.orion.hw.linux.LinuxBlockDevice} and allocate nothing (addresses are plain {@code long}s
 * and errno is read with {@link com.sun.jna.Native#getLastError()}). Pass-through transports run on
 * the caller's (control) thread.
 *
 * <p>This is the only package that imports {@code com.sun.jna}. It must not import
 * {@code org.orion.hw.linux} (the device layer builds on it, not the other way round); it may import
 * the pure-Java {@code org.orion.hw.linux.passthru} interfaces it implements.
 */
package org.orion.hw.linux.jna;
