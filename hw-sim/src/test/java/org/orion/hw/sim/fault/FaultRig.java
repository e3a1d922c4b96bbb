package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions.Recorder;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.ManualClock;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/**
 * A simulated disk behind a FaultyBlockDevice on a manual clock, with helpers that submit a request
 * and move the clock until it completes, so tests stay deterministic and never sleep.
 */
final class FaultRig implements AutoCloseable {
    static final int BLOCK = 4096;
    /** 64 blocks of 4 KiB: small enough that random faults land where the workload looks. */
    static final long CAPACITY_BYTES = 64L * BLOCK;
    private static final long STEP_NANOS = 100_000;

    final ManualClock clock = new ManualClock();
    final SimController controller;
    final SimDisk disk;
    final FaultyBlockDevice device;

    FaultRig(FaultPlan plan) {
        this(plan, LatencyModel.ZERO, true);
    }

    FaultRig(FaultPlan plan, LatencyModel latency, boolean volatileCache) {
        controller = SimController.create("sim0", SimPersonality.SAS, clock, latency,
                List.of(new SimDiskSpec("disk0", CAPACITY_BYTES, 512, BLOCK, null, volatileCache)));
        disk = controller.disk(0);
        device = new FaultyBlockDevice(disk, plan);
    }

    /** Submits and advances the clock until the request completes (at most one simulated second). */
    IoStatus run(IoOp op, long offsetBytes, ByteBuffer buffer, int lengthBytes, int flags) {
        Recorder recorder = new Recorder();
        IoStatus accepted = device.submit(new IoRequest().set(op, offsetBytes, lengthBytes, buffer, 0, flags, recorder));
        if (accepted != IoStatus.OK) {
            return accepted;
        }
        for (int step = 0; step < 10_000 && !recorder.isDone(); step++) {
            clock.advance(STEP_NANOS);
        }
        assertTrue(recorder.isDone(), op + " at " + offsetBytes + " never completed");
        return recorder.await();
    }

    IoStatus write(long offsetBytes, byte[] data) {
        return run(IoOp.WRITE, offsetBytes, ByteBuffer.wrap(data), data.length, 0);
    }

    IoStatus read(long offsetBytes, byte[] into) {
        return run(IoOp.READ, offsetBytes, ByteBuffer.wrap(into), into.length, 0);
    }

    IoStatus flush() {
        return run(IoOp.FLUSH, 0, null, 0, 0);
    }

    /** What the medium holds, read past the fault wrapper. */
    byte[] onDisk(long offsetBytes, int lengthBytes) {
        return SyncIo.readBytes(disk, offsetBytes, lengthBytes);
    }

    /**
     * A fixed mix of writes, reads and flushes over the whole device, then a power loss and a read of
     * the medium: one line per step with its status and the CRC of what was read. Two rigs with the
     * same plan must produce the same lines.
     */
    List<String> replayWorkload(int steps) {
        List<String> outcome = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            long offset = (i * 7L % 64) * BLOCK;
            switch (i % 5) {
                case 0:
                case 1:
                    outcome.add(i + " write " + write(offset, Patterns.random(i, BLOCK)) + " t=" + clock.nanoTime());
                    break;
                case 4:
                    if (i % 10 == 4) {
                        outcome.add(i + " flush " + flush());
                        break;
                    }
                    // fall through: the other half of these steps read
                default:
                    byte[] back = new byte[BLOCK];
                    IoStatus status = read(offset, back);
                    outcome.add(i + " read " + status + " crc=" + crc(back) + " t=" + clock.nanoTime());
            }
        }
        if (!device.isFailed()) {
            device.powerLoss();
        }
        outcome.add("after power loss crc=" + crc(onDisk(0, (int) CAPACITY_BYTES)));
        outcome.add("health " + disk.health().pendingSectors() + "/" + disk.health().reallocatedSectors() + "/"
                + disk.health().mediaErrors() + "/" + disk.health().passed());
        device.injections().forEach(injection -> outcome.add(injection.toString()));
        return outcome;
    }

    static long crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    static int differingBits(byte[] a, byte[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        }
        return bits;
    }

    static byte[] slice(byte[] data, int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }

    @Override
    public void close() {
        device.close();
        controller.close();
    }
}
