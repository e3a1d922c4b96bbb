package org.orion.raid;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Holds every write (accepted, completed only at {@link #release}) so a background pass stalls
 * mid-way; counts reads.
 */
final class HeldWrites extends FilterBlockDevice {
    private final ArrayDeque<IoRequest> held = new ArrayDeque<>();
    private final AtomicLong reads = new AtomicLong();
    private boolean holding = true;

    HeldWrites(BlockDevice delegate) {
        super(delegate);
    }

    synchronized int held() {
        return held.size();
    }

    long reads() {
        return reads.get();
    }

    @Override
    public IoStatus submit(IoRequest request) {
        if (request.op() == IoOp.READ) {
            reads.incrementAndGet();
        } else if (request.op() == IoOp.WRITE) {
            synchronized (this) {
                if (holding) {
                    held.add(request);
                    return IoStatus.OK;
                }
            }
        }
        return super.submit(request);
    }

    /** Lets the held writes go (in order) and every later one straight through. */
    void release() {
        IoRequest next;
        while (true) {
            synchronized (this) {
                next = held.poll();
                if (next == null) {
                    holding = false;
                    return;
                }
            }
            IoStatus accepted = super.submit(next);
            if (accepted != IoStatus.OK) {
                next.complete(accepted);
            }
        }
    }
}
