package org.orion.bench;

import java.util.Arrays;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A pass-through that timestamps (System.nanoTime, the clock {@code NanoClock.system()} reads) what
 * the failover benchmark needs to see on a member or spare:
 * <ul>
 *   <li>the first request the device under it refused with an error (a fail-stopped
 *       {@code FaultyBlockDevice} refuses with NO_DEVICE; the array takes a refusal as that
 *       request's completion), taken right after the refusal returns;</li>
 *   <li>once {@link #watch watching}, the submit times of requests below the data offset (superblock
 *       and bad-block-log I/O) and of the first request at or past it (the rebuild's first I/O).</li>
 * </ul>
 * Until {@link #arm} the requests go straight to the device given at construction, so the fault
 * plan's operation numbers count only what happens after arming, not creation and assembly.
 */
final class ProbeDevice extends FilterBlockDevice {
    private static final int MAX_METADATA_SUBMITS = 32;

    private final long dataStartBytes;
    private final long[] metadataSubmitNanos = new long[MAX_METADATA_SUBMITS];
    private volatile BlockDevice route;
    private volatile boolean watching;
    private volatile int metadataSubmits;
    private volatile long firstFailureNanos;
    private volatile long firstDataSubmitNanos;

    ProbeDevice(BlockDevice device, long dataStartBytes) {
        super(device);
        this.route = device;
        this.dataStartBytes = dataStartBytes;
    }

    /** From now on requests go through {@code faulty} (which wraps the same device). */
    void arm(BlockDevice faulty) {
        route = faulty;
    }

    /** Starts recording submit times. */
    void watch() {
        watching = true;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        if (watching) {
            long now = System.nanoTime();
            if (request.offsetBytes() >= dataStartBytes) {
                if (firstDataSubmitNanos == 0) {
                    firstDataSubmitNanos = now;
                }
            } else {
                synchronized (metadataSubmitNanos) {
                    if (metadataSubmits < MAX_METADATA_SUBMITS) {
                        metadataSubmitNanos[metadataSubmits++] = now;
                    }
                }
            }
        }
        IoStatus accepted = route.submit(request);
        if (accepted != IoStatus.OK && accepted != IoStatus.BUSY && firstFailureNanos == 0) {
            firstFailureNanos = System.nanoTime();
        }
        return accepted;
    }

    /** When the first refusal returned, or 0. */
    long firstFailureNanos() {
        return firstFailureNanos;
    }

    /** When the first request at or past the data offset was submitted while watching, or 0. */
    long firstDataSubmitNanos() {
        return firstDataSubmitNanos;
    }

    /** Submit times of metadata-area requests while watching, oldest first. */
    long[] metadataSubmitNanos() {
        synchronized (metadataSubmitNanos) {
            return Arrays.copyOf(metadataSubmitNanos, metadataSubmits);
        }
    }

    @Override
    public void close() {
        BlockDevice armed = route;
        if (armed != delegate) {
            armed.close();
        }
        delegate.close();
    }
}
