package org.orion.hw.sim.media;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * Content in a sparse file, so a simulated disk keeps its data across runs. A new file is created
 * at the full size with {@link RandomAccessFile#setLength} (a hole, no blocks allocated); an
 * existing file is reused only if its size equals the disk's capacity, because growing or
 * truncating someone's file would destroy data. The file is locked while open so two simulated
 * disks (in this process or another) never share it.
 *
 * <h2>Buffers</h2>
 * {@link FileChannel} moves bytes through a buffer's position and limit, which a device must never
 * touch on a request's buffer (one buffer may carry several requests at once). A direct buffer is
 * therefore moved through a view of it (a duplicate with its own position and limit), which each
 * thread keeps in a small cache, so the kernel copies straight between the file and the request's
 * memory; a heap buffer goes through the thread's own direct bounce buffer with the absolute bulk
 * methods (one memory copy, which the JDK would otherwise do itself). Neither allocates once a
 * thread has seen its buffers.
 *
 * <h2>Interrupts</h2>
 * A {@link FileChannel} closes itself when a thread using it is interrupted, which would take the
 * disk away from every other thread. Calls clear the caller's interrupt flag for the duration of the
 * I/O (restoring it afterwards), and if an interrupt still lands mid-transfer the channel is reopened
 * and the transfer retried.
 */
public final class SparseFileMedia implements Media {
    private static final int BOUNCE_BYTES = 256 * 1024;
    /**
     * Reopens allowed for one transfer. Each retry starts with the interrupt flag cleared, so only a
     * storm of interrupts (one landing in every attempt) exhausts it; a loaded machine stretches a
     * transfer, so the bound is generous rather than tight.
     */
    private static final int MAX_REOPENS = 1000;
    private static final ThreadLocal<ByteBuffer> BOUNCE =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BOUNCE_BYTES));
    private static final ThreadLocal<DirectViews> VIEWS = ThreadLocal.withInitial(DirectViews::new);
    private static final ByteBuffer SHARED_ZEROES = ByteBuffer.allocateDirect(BOUNCE_BYTES);
    /** Each thread gets its own position and limit over the same never-written zero memory. */
    private static final ThreadLocal<ByteBuffer> ZEROES = ThreadLocal.withInitial(SHARED_ZEROES::duplicate);

    private final Path path;
    private final String diskName;
    private final long capacityBytes;
    private final boolean created;
    private volatile RandomAccessFile file;
    private volatile FileChannel channel;
    private volatile boolean closed;
    private volatile int reopens;

    private SparseFileMedia(Path path, String diskName, long capacityBytes, boolean created) {
        this.path = path;
        this.diskName = diskName;
        this.capacityBytes = capacityBytes;
        this.created = created;
    }

    /**
     * Opens {@code path} as the content of disk {@code diskName}, creating a sparse file of
     * {@code capacityBytes} if it does not exist.
     *
     * @throws OrionException SIZE if an existing file has another size, CONFLICT if the file is in
     *                        use, NOT_FOUND if its directory is missing, IO for other failures
     */
    public static SparseFileMedia open(Path path, long capacityBytes, String diskName) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(diskName, "diskName");
        Path absolute = path.toAbsolutePath().normalize();
        boolean exists = Files.exists(absolute);
        if (exists) {
            checkExistingFile(absolute, capacityBytes, diskName);
        } else if (absolute.getParent() != null && !Files.isDirectory(absolute.getParent())) {
            throw new OrionException(ErrorCode.NOT_FOUND, "simulated disk " + diskName + ": directory "
                    + absolute.getParent() + " for backing file " + absolute.getFileName()
                    + " does not exist: create it first");
        }
        SparseFileMedia media = new SparseFileMedia(absolute, diskName, capacityBytes, !exists);
        try {
            media.openChannel(!exists);
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "simulated disk " + diskName + ": cannot open backing file "
                    + absolute + ": " + e.getMessage() + ": check its permissions", e);
        }
        return media;
    }

    private static void checkExistingFile(Path path, long capacityBytes, String diskName) {
        if (!Files.isRegularFile(path)) {
            throw new OrionException(ErrorCode.CONFIG, "simulated disk " + diskName + ": backing file " + path
                    + " is not a regular file: point it at a file (it is created if missing)");
        }
        long sizeBytes;
        try {
            sizeBytes = Files.size(path);
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "simulated disk " + diskName + ": cannot read the size of "
                    + path + ": " + e.getMessage(), e);
        }
        if (sizeBytes != capacityBytes) {
            throw new OrionException(ErrorCode.SIZE, "simulated disk " + diskName + ": backing file " + path
                    + " is " + sizeBytes + " bytes but the disk is configured for " + capacityBytes
                    + " bytes: set the capacity to " + sizeBytes + " or use another file (an existing file is"
                    + " never resized)");
        }
    }

    private void openChannel(boolean create) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
        boolean ok = false;
        try {
            FileChannel ch = raf.getChannel();
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new OrionException(ErrorCode.CONFLICT, "simulated disk " + diskName + ": backing file " + path
                        + " is in use by another simulated disk or process: close that first or use another file");
            }
            if (create) {
                raf.setLength(capacityBytes);
            } else if (ch.size() != capacityBytes) {
                // The size was checked before locking; someone changed it in between.
                throw new OrionException(ErrorCode.SIZE, "simulated disk " + diskName + ": backing file " + path
                        + " changed size to " + ch.size() + " bytes while opening; expected " + capacityBytes);
            }
            file = raf;
            channel = ch;
            ok = true;
        } finally {
            if (!ok) {
                raf.close();
            }
        }
    }

    public Path path() {
        return path;
    }

    /** True if {@link #open} created the file (false if it reused an existing one). */
    public boolean created() {
        return created;
    }

    /** How often an interrupt closed the channel under a transfer and it was reopened. */
    public int reopenCount() {
        return reopens;
    }

    @Override
    public long capacityBytes() {
        return capacityBytes;
    }

    @Override
    public void read(long offsetBytes, ByteBuffer dst, int dstOffset, int lengthBytes) throws IOException {
        if (dst.isDirect()) {
            transfer(false, VIEWS.get().of(dst, dstOffset, lengthBytes), offsetBytes);
            return;
        }
        ByteBuffer bounce = BOUNCE.get();
        while (lengthBytes > 0) {
            int n = Math.min(lengthBytes, BOUNCE_BYTES);
            bounce.clear().limit(n);
            transfer(false, bounce, offsetBytes);
            dst.put(dstOffset, bounce, 0, n);
            offsetBytes += n;
            dstOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void write(long offsetBytes, ByteBuffer src, int srcOffset, int lengthBytes) throws IOException {
        if (src.isDirect()) {
            transfer(true, VIEWS.get().of(src, srcOffset, lengthBytes), offsetBytes);
            return;
        }
        ByteBuffer bounce = BOUNCE.get();
        while (lengthBytes > 0) {
            int n = Math.min(lengthBytes, BOUNCE_BYTES);
            bounce.clear().put(0, src, srcOffset, n).limit(n);
            transfer(true, bounce, offsetBytes);
            offsetBytes += n;
            srcOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void readBytes(long offsetBytes, byte[] dst, int dstOffset, int lengthBytes) throws IOException {
        ByteBuffer bounce = BOUNCE.get();
        while (lengthBytes > 0) {
            int n = Math.min(lengthBytes, BOUNCE_BYTES);
            bounce.clear().limit(n);
            transfer(false, bounce, offsetBytes);
            bounce.get(0, dst, dstOffset, n);
            offsetBytes += n;
            dstOffset += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void writeBytes(long offsetBytes, byte[] src, int srcOffset, int lengthBytes) throws IOException {
        ByteBuffer bounce = BOUNCE.get();
        while (lengthBytes > 0) {
            int n = Math.min(lengthBytes, BOUNCE_BYTES);
            bounce.clear().put(0, src, srcOffset, n).limit(n);
            transfer(true, bounce, offsetBytes);
            offsetBytes += n;
            srcOffset += n;
            lengthBytes -= n;
        }
    }

    /**
     * Writes zeroes. Plain Java cannot punch holes, so the range stays allocated either way;
     * {@code keepAllocated} is therefore always honoured.
     */
    @Override
    public void zero(long offsetBytes, long lengthBytes, boolean keepAllocated) throws IOException {
        ByteBuffer zeroes = ZEROES.get();
        while (lengthBytes > 0) {
            int n = (int) Math.min(lengthBytes, BOUNCE_BYTES);
            zeroes.clear().limit(n);
            transfer(true, zeroes, offsetBytes);
            offsetBytes += n;
            lengthBytes -= n;
        }
    }

    @Override
    public void sync() throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 0; ; attempt++) {
                FileChannel ch = channel;
                try {
                    ch.force(false);
                    return;
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    interrupted |= reopenOrThrow(ch, attempt, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Moves {@code buffer} from its position to its limit to or from the file at {@code positionBytes}. */
    private void transfer(boolean write, ByteBuffer buffer, long positionBytes) throws IOException {
        boolean interrupted = Thread.interrupted();
        int start = buffer.position();
        try {
            for (int attempt = 0; ; attempt++) {
                FileChannel ch = channel;
                try {
                    buffer.position(start);
                    while (buffer.hasRemaining()) {
                        long at = positionBytes + buffer.position() - start;
                        int n = write ? ch.write(buffer, at) : ch.read(buffer, at);
                        if (n < 0) {
                            throw new IOException("backing file " + path + " of simulated disk " + diskName
                                    + " ends before byte " + at + ": it was truncated by someone else");
                        }
                    }
                    return;
                } catch (ClosedChannelException e) {
                    interrupted |= Thread.interrupted();
                    interrupted |= reopenOrThrow(ch, attempt, e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After an interrupt closed {@code failed} under us, opens the file again (once per failure). */
    /**
     * @return true if an interrupt arrived while reopening (it was cleared so the new channel's
     *         lock could be taken; the caller restores it when it returns)
     */
    private synchronized boolean reopenOrThrow(FileChannel failed, int attempt, ClosedChannelException cause)
            throws IOException {
        if (closed || attempt >= MAX_REOPENS) {
            throw cause;
        }
        boolean interrupted = false;
        if (channel == failed) {
            RandomAccessFile old = file;
            for (int tries = 0; ; tries++) {
                // Taking the new channel's lock is interruptible too: an interrupt landing there
                // closes that channel as well, so clear it and try again.
                interrupted |= Thread.interrupted();
                try {
                    openChannel(false);
                    break;
                } catch (ClosedChannelException again) {
                    if (tries >= MAX_REOPENS) {
                        throw again;
                    }
                }
            }
            reopens++;
            try {
                old.close();
            } catch (IOException ignored) {
                // Its channel is already closed; nothing is left to release.
            }
        }
        return interrupted;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Closing the file releases the lock too.
        file.close();
    }

    @Override
    public String toString() {
        return "SparseFileMedia[" + path + ", " + capacityBytes + " bytes]";
    }
}
