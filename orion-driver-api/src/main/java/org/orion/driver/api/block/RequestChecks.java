package org.orion.driver.api.block;

import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * The bounds rule of {@link BlockDevice}, in one place so that every device refuses the same
 * requests. Allocation-free.
 */
public final class RequestChecks {
    private RequestChecks() {
    }

    /** {@link IoStatus#OK} if {@code request} is well-formed for a device of this geometry, else {@code INVALID}. */
    public static IoStatus check(BlockDeviceInfo info, IoRequest request) {
        IoOp op = request.op();
        if (op == null) {
            return IoStatus.INVALID;
        }
        if (!op.hasRange()) {
            return IoStatus.OK;
        }
        long offset = request.offsetBytes();
        int length = request.lengthBytes();
        int block = info.logicalBlockBytes();
        if (offset < 0 || length < 0) {
            return IoStatus.INVALID;
        }
        if ((offset & (block - 1)) != 0 || (length & (block - 1)) != 0) {
            return IoStatus.INVALID;
        }
        if (offset > info.capacityBytes() || length > info.capacityBytes() - offset) {
            return IoStatus.INVALID;
        }
        if (op.usesBuffer()) {
            if (length > info.maxTransferBytes()) {
                return IoStatus.INVALID;
            }
            var buffer = request.buffer();
            if (buffer == null && length > 0) {
                return IoStatus.INVALID;
            }
            if (buffer != null && (request.bufferOffset() < 0 || request.bufferOffset() > buffer.capacity() - length)) {
                return IoStatus.INVALID;
            }
            if (op == IoOp.READ && buffer != null && buffer.isReadOnly()) {
                return IoStatus.INVALID;
            }
        }
        return IoStatus.OK;
    }
}
