package org.orion.hw.linux;

import java.nio.file.Path;
import java.util.Optional;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A regular file or a Linux block device as an Orion {@link BlockDevice}. Made by {@link LinuxDevices}.
 *
 * <pre>
 *  submitters (any thread)           RequestRing (depth N)         I/O threads (ioThreads)
 *  submit(req) --checks--> offer --> [ r r r . . . ] --take--> pread/pwrite/fdatasync/fallocate/ioctl
 *      ^ BUSY when N are outstanding                               |
 *      ^ NO_DEVICE after close                                     +--> req.complete(status) on this thread
 * </pre>
 *
 * <p>{@code submit} never blocks on I/O: it checks the request ({@link RequestChecks}), completes
 * zero-length ranges at once, and otherwise enqueues. Completions run on an I/O thread, so they must
 * be short (publish into the caller's own ring and return). {@link #close()} refuses new requests,
 * drains the accepted ones, stops the threads and closes the descriptor (releasing O_EXCL/flock).
 */
public final class LinuxBlockDevice implements BlockDevice {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxBlockDevice.class);

    private final BlockDeviceInfo info;
    private final NativeMember member;
    private final RequestRing ring;
    private final Thread[] threads;
    private final Optional<Path> sysfsDevice;
    private final Runnable onClose;
    private final Object closeLock = new Object();
    private boolean closed;

    LinuxBlockDevice(BlockDeviceInfo info, NativeMember member, LinuxOpenOptions options, Optional<Path> sysfsDevice,
                     Runnable onClose) {
        this.info = info;
        this.member = member;
        this.sysfsDevice = sysfsDevice;
        this.onClose = onClose;
        this.ring = new RequestRing(options.queueDepth());
        int count = Math.min(options.ioThreads(), options.queueDepth());
        this.threads = new Thread[count];
        String shortName = member.path.getFileName() == null ? "dev" : member.path.getFileName().toString();
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(new IoWorker(member, ring, info.maxTransferBytes()), "orion-io-" + shortName + "-" + i);
            t.setDaemon(true);
            threads[i] = t;
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    @Override
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        IoStatus check = RequestChecks.check(info, request);
        if (check != IoStatus.OK) {
            return ring.isClosed() ? IoStatus.NO_DEVICE : check;
        }
        if (request.op().hasRange() && request.lengthBytes() == 0) {
            if (ring.isClosed()) {
                return IoStatus.NO_DEVICE;
            }
            request.complete(IoStatus.OK);
            return IoStatus.OK;
        }
        return ring.offer(request);
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ring.closeAndDrain();
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        member.close();
        onClose.run();
        LOG.debug("{}: closed ({} errors, {} bounced requests)", info.name(), member.errorCount(), member.bouncedCount());
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The path this device was opened from (after resolving symbolic links). */
    public Path path() {
        return member.path;
    }

    public MemberKind kind() {
        return member.kind;
    }

    /** True if O_DIRECT is in effect; false after the buffered fallback or when asked for buffered I/O. */
    public boolean isDirect() {
        return member.direct;
    }

    /** Number of I/O threads serving this device. */
    public int ioThreads() {
        return threads.length;
    }

    public int queueDepth() {
        return ring.depth();
    }

    /** Failed system calls so far (media errors, vanished device, ...). */
    public long errorCount() {
        return member.errorCount();
    }

    /** Requests whose buffer was copied through a bounce buffer (heap or misaligned memory). */
    public long bouncedRequestCount() {
        return member.bouncedCount();
    }

    /** The sysfs directory of a block device (/sys/devices/.../block/sda or .../sda/sda1), empty for files. */
    public Optional<Path> sysfsDevice() {
        return sysfsDevice;
    }

    public boolean isClosed() {
        return ring.isClosed();
    }

    /** The open descriptor, for pass-through commands on the control path. Valid until {@link #close()}. */
    int fd() {
        return member.fd;
    }

    @Override
    public String toString() {
        return "LinuxBlockDevice[" + info.name() + ", " + member.kind + (member.direct ? ", O_DIRECT" : ", buffered") + "]";
    }
}
