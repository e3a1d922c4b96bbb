package org.orion.raid.md;

import java.nio.ByteBuffer;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/** A member image held in a byte array, completing every request at once; counts writes. */
final class ImageDevice implements BlockDevice {
    final byte[] image;
    private final BlockDeviceInfo info;
    int writes;

    ImageDevice(String name, byte[] image, int logicalBlockBytes) {
        this.image = image;
        this.info = new BlockDeviceInfo(name, logicalBlockBytes, logicalBlockBytes, image.length, 1 << 20, false,
                false, false);
    }

    ImageDevice(String name, byte[] image) {
        this(name, image, 512);
    }

    @Override
    public BlockDeviceInfo info() {
        return info;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        IoStatus refused = RequestChecks.check(info, request);
        if (refused != IoStatus.OK) {
            return refused;
        }
        ByteBuffer buffer = request.buffer();
        int at = (int) request.offsetBytes();
        switch (request.op()) {
            case READ:
                for (int i = 0; i < request.lengthBytes(); i++) {
                    buffer.put(request.bufferOffset() + i, image[at + i]);
                }
                break;
            case WRITE:
                writes++;
                for (int i = 0; i < request.lengthBytes(); i++) {
                    image[at + i] = buffer.get(request.bufferOffset() + i);
                }
                break;
            default:
                break;
        }
        request.complete(IoStatus.OK);
        return IoStatus.OK;
    }

    @Override
    public void close() {
    }
}
