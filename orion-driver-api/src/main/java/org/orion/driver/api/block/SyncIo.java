package org.orion.driver.api.block;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Blocking I/O for control paths (superblocks, the command line, tests): submit one request and
 * wait for its status. Allocates per call, so never use it on the data path. Devices that only
 * complete when someone advances a manual clock will make it wait until its timeout. A BUSY refusal
 * is retried until the timeout.
 */
public final class SyncIo {
    /** Long enough for a slow disk, short enough that a hung device is reported instead of hanging. */
    public static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private SyncIo() {
    }

    /** Runs one request and returns its status (a refusal is returned as the status). */
    public static IoStatus run(BlockDevice device, IoOp op, long offsetBytes, int lengthBytes, ByteBuffer buffer,
                               int bufferOffset, int flags) {
        CompletableFuture<IoStatus> done = new CompletableFuture<>();
        IoRequest request = new IoRequest().set(op, offsetBytes, lengthBytes, buffer, bufferOffset, flags,
                (r, status) -> done.complete(status));
        IoStatus accepted = device.submit(request);
        long busyDeadline = System.nanoTime() + DEFAULT_TIMEOUT_NANOS;
        while (accepted == IoStatus.BUSY && System.nanoTime() < busyDeadline) {
            // A full queue is transient: back off briefly and offer the request again.
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            accepted = device.submit(request);
        }
        if (accepted != IoStatus.OK) {
            return accepted;
        }
        try {
            return done.get(DEFAULT_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException(ErrorCode.IO, device.info().name() + ": interrupted while waiting for " + op, e);
        } catch (ExecutionException e) {
            throw new OrionException(ErrorCode.INTERNAL, device.info().name() + ": " + op + " failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new OrionException(ErrorCode.IO, device.info().name() + ": " + op + " at byte " + offsetBytes
                    + " did not complete within " + TimeUnit.NANOSECONDS.toSeconds(DEFAULT_TIMEOUT_NANOS)
                    + " s: check the device", e);
        }
    }

    public static IoStatus read(BlockDevice device, long offsetBytes, ByteBuffer buffer, int bufferOffset, int lengthBytes) {
        return run(device, IoOp.READ, offsetBytes, lengthBytes, buffer, bufferOffset, 0);
    }

    public static IoStatus write(BlockDevice device, long offsetBytes, ByteBuffer buffer, int bufferOffset,
                                 int lengthBytes, int flags) {
        return run(device, IoOp.WRITE, offsetBytes, lengthBytes, buffer, bufferOffset, flags);
    }

    public static IoStatus flush(BlockDevice device) {
        return run(device, IoOp.FLUSH, 0, 0, null, 0, 0);
    }

    /** Reads {@code lengthBytes} at {@code offsetBytes} into a new heap array, or throws naming the status. */
    public static byte[] readBytes(BlockDevice device, long offsetBytes, int lengthBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(lengthBytes);
        check(device, "read", offsetBytes, read(device, offsetBytes, buffer, 0, lengthBytes));
        return buffer.array();
    }

    /** Writes {@code data} at {@code offsetBytes}, or throws naming the status. */
    public static void writeBytes(BlockDevice device, long offsetBytes, byte[] data, int flags) {
        check(device, "write", offsetBytes, write(device, offsetBytes, ByteBuffer.wrap(data), 0, data.length, flags));
    }

    private static void check(BlockDevice device, String what, long offsetBytes, IoStatus status) {
        if (status != IoStatus.OK) {
            throw new OrionException(ErrorCode.IO, device.info().name() + ": " + what + " at byte " + offsetBytes
                    + " failed with " + status);
        }
    }
}
