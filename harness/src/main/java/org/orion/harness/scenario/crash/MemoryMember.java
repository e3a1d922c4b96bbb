package org.orion.harness.scenario.crash;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A member disk in one heap array that completes every request inside {@code submit}: no thread
 * hop and no latency, so a crash-state run stays fast and its member writes come in a repeatable
 * order. It has no cache of its own; what a power cut keeps is decided from the recorded trace
 * ({@link MemberImages}), not here. 512-byte logical and physical blocks, so a torn write can keep
 * any subset of its sectors.
 */
final class MemoryMember implements BlockDevice {
    static final int SECTOR_BYTES = 512;

    private final BlockDeviceInfo info;
    private final byte[] image;
    private volatile boolean closed;

    /** A member holding {@code image} (not copied: the member owns it from now on). */
    MemoryMember(String name, byte[] image) {
        this.image = image;
        this.info = new BlockDeviceInfo(name, SECTOR_BYTES, SECTOR_BYTES, image.length, 8 << 20, true, false, true);
    }

    /** A zeroed member of {@code capacityBytes}. */
    static MemoryMember zeroed(String name, long capacityBytes) {
        if (capacityBytes % SECTOR_BYTES != 0 || capacityBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + ": " + capacityBytes + " bytes is not a whole number of sectors"
                    + " below 2 GiB: choose a smaller member size");
        }
        return new MemoryMember(name, new byte[(int) capacityBytes]);
    }

    @Override
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        if (closed) {
            return IoStatus.NO_DEVICE;
        }
        IoStatus valid = RequestChecks.check(info, request);
        if (valid != IoStatus.OK) {
            return valid;
        }
        int offset = (int) request.offsetBytes();
        int length = request.lengthBytes();
        ByteBuffer buffer = request.buffer();
        synchronized (image) {
            switch (request.op()) {
                case READ -> buffer.put(request.bufferOffset(), image, offset, length);
                case WRITE -> buffer.get(request.bufferOffset(), image, offset, length);
                case WRITE_ZEROES -> Arrays.fill(image, offset, offset + length, (byte) 0);
                case DISCARD, FLUSH -> {
                    // Discard is advisory (supportsDiscard is false); the heap needs no flush.
                }
            }
        }
        request.complete(IoStatus.OK);
        return IoStatus.OK;
    }

    /** A copy of the content (for tests and for damaging a running member on purpose). */
    byte[] snapshot() {
        synchronized (image) {
            return image.clone();
        }
    }

    /** Overwrites bytes behind the array's back: only the checker's self-tests use it. */
    void poke(long offsetBytes, byte[] bytes) {
        synchronized (image) {
            System.arraycopy(bytes, 0, image, (int) offsetBytes, bytes.length);
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "MemoryMember[" + info.name() + ", " + image.length + " bytes]";
    }
}
