package org.orion.raid;

import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/** Counts the reads a member receives, from any path. */
final class ReadCounter extends FilterBlockDevice {
    private final AtomicLong reads = new AtomicLong();

    ReadCounter(BlockDevice delegate) {
        super(delegate);
    }

    long reads() {
        return reads.get();
    }

    @Override
    public IoStatus submit(IoRequest request) {
        if (request.op() == IoOp.READ) {
            reads.incrementAndGet();
        }
        return super.submit(request);
    }
}
