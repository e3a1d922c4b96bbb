package org.orion.harness.scenario.crash;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * The seeded client workload of a recording: writes of one sector up to two stripes at random
 * sector-aligned places (so they cover partial-stripe, full-stripe and stripe-crossing writes),
 * some with FUA, and FLUSHes, one request at a time. Each request is numbered on the trace's
 * counter when submitted and when acknowledged, and goes into the {@link ClientHistory}.
 */
final class Workload {
    private final CrashCampaignSpec spec;
    private final MemberTrace trace;
    private final ClientHistory history;
    private final SplittableRandom random;
    private final int stripeSectors;

    Workload(CrashCampaignSpec spec, MemberTrace trace, ClientHistory history, int stripeDataBytes) {
        this.spec = spec;
        this.trace = trace;
        this.history = history;
        this.random = new SplittableRandom(spec.seed());
        this.stripeSectors = Math.max(1, stripeDataBytes / SectorPattern.SECTOR_BYTES);
    }

    /** Runs every request against {@code array}; a request that fails stops the run with an error. */
    void run(BlockDevice array) {
        for (int op = 0; op < spec.operations(); op++) {
            if (random.nextInt(100) < spec.flushPercent()) {
                flush(array);
            } else {
                write(array);
            }
        }
    }

    private void flush(BlockDevice array) {
        long submit = trace.tick();
        IoStatus status = SyncIo.flush(array);
        long complete = trace.tick();
        history.addFlush(new ClientHistory.ClientFlush(submit, status == IoStatus.OK ? complete : Long.MAX_VALUE));
        requireOk(status, "FLUSH");
    }

    private void write(BlockDevice array) {
        long arraySectors = history.arraySectors();
        int sectors = switch (random.nextInt(4)) {
            case 0 -> 1 + random.nextInt(8);
            case 1 -> stripeSectors;
            default -> 1 + random.nextInt(2 * stripeSectors);
        };
        sectors = (int) Math.min(sectors, arraySectors);
        long first = random.nextLong(arraySectors - sectors + 1);
        if (random.nextBoolean()) {
            first = first / 8 * 8; // half the writes start 4 KiB-aligned, as file systems issue them
        }
        boolean fua = random.nextInt(100) < spec.fuaPercent();
        long id = history.nextWriteId();
        byte[] data = new byte[sectors * SectorPattern.SECTOR_BYTES];
        SectorPattern.fill(data, 0, id, first, sectors);
        long submit = trace.tick();
        IoStatus status = SyncIo.run(array, IoOp.WRITE, first * SectorPattern.SECTOR_BYTES, data.length,
                ByteBuffer.wrap(data), 0, fua ? IoRequest.FLAG_FUA : 0);
        long ack = trace.tick();
        history.addWrite(new ClientHistory.ClientWrite(id, first, sectors, fua, submit,
                status == IoStatus.OK ? ack : Long.MAX_VALUE));
        requireOk(status, "WRITE of " + sectors + " sector(s) at sector " + first);
    }

    private static void requireOk(IoStatus status, String what) {
        if (status != IoStatus.OK) {
            throw new OrionException(ErrorCode.IO, "crash campaign workload: " + what + " failed with " + status
                    + " on a healthy in-memory array: this is a driver bug, report the seed");
        }
    }
}
