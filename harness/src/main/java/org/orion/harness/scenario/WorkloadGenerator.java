package org.orion.harness.scenario;

import java.util.SplittableRandom;
import org.orion.driver.api.io.IoOp;

/**
 * The workload's requests, one after another, from its seed: the same seed and array size give
 * the same sequence. Offsets and lengths are multiples of 4 KiB.
 */
final class WorkloadGenerator {
    private final Workload workload;
    private final long capacityBytes;
    private final SplittableRandom random;
    private long cursorBytes;

    WorkloadGenerator(Workload workload, long capacityBytes) {
        this.workload = workload;
        this.capacityBytes = capacityBytes / Workload.ALIGN_BYTES * Workload.ALIGN_BYTES;
        this.random = new SplittableRandom(workload.seed());
    }

    RequestRunner.Op next() {
        boolean read = random.nextInt(100) < workload.readPercent();
        int minBlocks = workload.minBytes() / Workload.ALIGN_BYTES;
        int maxBlocks = (int) Math.min(workload.maxBytes(), capacityBytes) / Workload.ALIGN_BYTES;
        int blocks = minBlocks >= maxBlocks ? maxBlocks : minBlocks + random.nextInt(maxBlocks - minBlocks + 1);
        long lengthBytes = (long) blocks * Workload.ALIGN_BYTES;
        long offsetBytes;
        if (workload.sequential()) {
            if (cursorBytes + lengthBytes > capacityBytes) {
                cursorBytes = 0;
            }
            offsetBytes = cursorBytes;
            cursorBytes += lengthBytes;
        } else {
            long slots = (capacityBytes - lengthBytes) / Workload.ALIGN_BYTES + 1;
            offsetBytes = random.nextLong(slots) * Workload.ALIGN_BYTES;
        }
        return new RequestRunner.Op(read ? IoOp.READ : IoOp.WRITE, offsetBytes, (int) lengthBytes);
    }
}
