package org.orion.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidArray;
import org.orion.raid.RaidDriver;
import org.orion.raid.RaidOptions;

/**
 * Drives an array with a fixed window of pre-allocated requests (the queue depth), from one
 * thread, without allocating: completions count down and unpark the driving thread. Used by the
 * array benchmarks and by the allocation check.
 */
public final class ArrayLoad {
    private final BlockDevice device;
    private final IoRequest[] requests;
    private final ByteBuffer[] buffers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final IoCompletion completion;
    private volatile Thread waiter;
    private volatile IoStatus lastError;

    public ArrayLoad(BlockDevice device, int queueDepth, int requestBytes) {
        this(device, queueDepth, requestBytes, false);
    }

    /**
     * @param sharedBuffer every slot writes from one buffer (writes only: requests in flight
     *                     would share a read target), so the client data stays in cache
     */
    public ArrayLoad(BlockDevice device, int queueDepth, int requestBytes, boolean sharedBuffer) {
        this.device = device;
        this.requests = new IoRequest[queueDepth];
        this.buffers = new ByteBuffer[queueDepth];
        for (int i = 0; i < queueDepth; i++) {
            requests[i] = new IoRequest();
            if (sharedBuffer && i > 0) {
                buffers[i] = buffers[0];
                continue;
            }
            buffers[i] = ByteBuffer.allocateDirect(requestBytes + 4096).alignedSlice(4096); // aligned, as the NBD buffer pool's
            for (int b = 0; b < requestBytes; b++) {
                buffers[i].put(b, (byte) (b * 31 + i));
            }
        }
        this.completion = (request, status) -> {
            if (status != IoStatus.OK) {
                lastError = status;
            }
            if (inFlight.decrementAndGet() == 0) {
                LockSupport.unpark(waiter);
            }
        };
    }

    /** An array of {@code members} zero-latency heap SimDisks of {@code diskBytes} each. */
    public static RaidArray heapArray(int level, String layout, int members, int chunkBytes, long diskBytes) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            specs.add(new SimDiskSpec("d" + i, diskBytes, 512, 4096, null, false));
        }
        SimController controller = SimController.create("bench", SimPersonality.NVME, NanoClock.system(),
                LatencyModel.ZERO, specs);
        List<BlockDevice> devices = new ArrayList<>(controller.disks());
        return RaidDriver.buildArray(new ArraySpec("bench", level, layout, chunkBytes, members, 0), devices,
                RaidOptions.DEFAULTS, EventSink.discarding(), NanoClock.system());
    }

    /**
     * Issues one request per slot of the window, at the offsets {@code offsets[i]}, and waits for
     * all of them.
     */
    public void runWindow(IoOp op, long[] offsets, int requestBytes) {
        waiter = Thread.currentThread();
        inFlight.set(offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            IoRequest r = requests[i].set(op, offsets[i], requestBytes, buffers[i], 0, 0, completion);
            IoStatus accepted;
            while ((accepted = device.submit(r)) == IoStatus.BUSY) {
                Thread.onSpinWait();
            }
            if (accepted != IoStatus.OK) {
                throw new IllegalStateException("request refused: " + accepted);
            }
        }
        while (inFlight.get() > 0) {
            LockSupport.parkNanos(this, 100_000);
        }
        if (lastError != null) {
            throw new IllegalStateException("request failed: " + lastError);
        }
    }
}
