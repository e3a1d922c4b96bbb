package org.orion.harness.scenario;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * Runs client requests against the array in batches and checks each against the {@link AckModel}:
 * a batch's requests are all submitted, then all awaited; reads are checked sector by sector,
 * writes are applied to the model when the batch ends. While waiting, whenever a millisecond of real
 * time goes by without a completion, it moves simulated time to the next delayed completion (a slow
 * disk's) if there is one: time never moves just because the host is slow, so a seed replays.
 *
 * <p>A request failing is a violation unless the batch runs beyond the array's redundancy or the
 * request touches a range the array reported lost (BadBlocksRecorded: reads there fail until
 * rewritten); a read returning anything but an acceptable version is always one. Runner thread only; allocates per
 * request (it is a test rig).
 */
final class RequestRunner {
    private static final long HUNG_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** One request to make. */
    record Op(IoOp op, long offsetBytes, int lengthBytes) {
        char letter() {
            return op == IoOp.READ ? 'R' : op == IoOp.WRITE ? 'W' : 'F';
        }
    }

    /** The array never completed a request: nothing more can be run safely. */
    static final class HungException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HungException(String message) {
            super(message);
        }
    }

    /** Whether array bytes {@code [start, end)} overlap a range the array reported lost. */
    interface LostRanges {
        boolean overlaps(long startBytes, long endBytes);
    }

    private final SimRig rig;
    private final LostRanges lost;
    private final SectorPattern pattern;
    private final AckModel model;
    private final TraceLog trace;
    private final Findings findings;
    private int nextWriteId = 1;
    private long requests;

    RequestRunner(SimRig rig, SectorPattern pattern, AckModel model, TraceLog trace, Findings findings,
                  LostRanges lost) {
        this.rig = rig;
        this.lost = lost;
        this.pattern = pattern;
        this.model = model;
        this.trace = trace;
        this.findings = findings;
    }

    long requests() {
        return requests;
    }

    private static final class Pending {
        final Op op;
        final ByteBuffer buffer;
        final int writeId;
        volatile IoStatus status;

        Pending(Op op, ByteBuffer buffer, int writeId) {
            this.op = op;
            this.buffer = buffer;
            this.writeId = writeId;
        }
    }

    /** Runs {@code ops} together; {@code beyond} says whether failures are tolerated. */
    void batch(ArrayDevice array, List<Op> ops, boolean beyond) {
        Semaphore done = new Semaphore(0);
        List<Pending> pending = new ArrayList<>();
        for (Op op : ops) {
            Pending p = prepare(op);
            pending.add(p);
            IoRequest request = new IoRequest().set(op.op(), op.offsetBytes(), op.lengthBytes(), p.buffer, 0, 0,
                    (r, status) -> {
                        p.status = status;
                        done.release();
                    });
            IoStatus accepted = submit(array, request);
            if (accepted != IoStatus.OK) {
                p.status = accepted;
                done.release();
            }
        }
        await(done, pending.size());
        List<AckModel.BatchWrite> writes = new ArrayList<>();
        for (Pending p : pending) {
            if (p.op.op() == IoOp.WRITE) {
                writes.add(new AckModel.BatchWrite(p.writeId, p.op.offsetBytes() / SectorPattern.SECTOR_BYTES,
                        (p.op.offsetBytes() + p.op.lengthBytes()) / SectorPattern.SECTOR_BYTES, p.status == IoStatus.OK));
            }
        }
        for (Pending p : pending) {
            requests++;
            trace.add(requests + " " + p.op.letter() + " " + p.op.offsetBytes() + " " + p.op.lengthBytes() + " "
                    + outcome(p, writes, beyond));
        }
        model.endBatch(writes);
    }

    /** A FLUSH on its own; true if it succeeded (everything acknowledged before it is durable). */
    boolean flush(ArrayDevice array, boolean beyond) {
        Semaphore done = new Semaphore(0);
        IoStatus[] status = new IoStatus[1];
        IoRequest request = new IoRequest().flush((r, s) -> {
            status[0] = s;
            done.release();
        });
        IoStatus accepted = submit(array, request);
        if (accepted != IoStatus.OK) {
            status[0] = accepted;
        } else {
            await(done, 1);
        }
        requests++;
        boolean ok = status[0] == IoStatus.OK;
        if (ok) {
            model.flushed();
        } else if (!beyond) {
            findings.violation("FLUSH failed with " + status[0] + " while the array was within its redundancy");
        }
        trace.add(requests + " F " + (ok ? "ok" : beyond ? "tolerated" : "ERROR " + status[0]));
        return ok;
    }

    private Pending prepare(Op op) {
        ByteBuffer buffer = ByteBuffer.allocate(op.lengthBytes());
        if (op.op() != IoOp.WRITE) {
            return new Pending(op, buffer, 0);
        }
        int writeId = nextWriteId++;
        long first = op.offsetBytes() / SectorPattern.SECTOR_BYTES;
        for (int i = 0; i < op.lengthBytes() / SectorPattern.SECTOR_BYTES; i++) {
            pattern.fill(buffer, i * SectorPattern.SECTOR_BYTES, writeId, first + i);
        }
        return new Pending(op, buffer, writeId);
    }

    /** Submits, offering the request again while the array says BUSY. */
    private IoStatus submit(ArrayDevice array, IoRequest request) {
        long deadline = System.nanoTime() + HUNG_NANOS;
        IoStatus accepted;
        while ((accepted = array.submit(request)) == IoStatus.BUSY) {
            if (System.nanoTime() > deadline) {
                throw new HungException("the array refused " + request + " as BUSY for "
                        + TimeUnit.NANOSECONDS.toSeconds(HUNG_NANOS) + " s");
            }
            rig.runDue();
            LockSupport.parkNanos(50_000);
        }
        return accepted;
    }

    private void await(Semaphore done, int count) {
        long deadline = System.nanoTime() + HUNG_NANOS;
        try {
            while (!done.tryAcquire(count, 1, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new HungException("a request did not complete within "
                            + TimeUnit.NANOSECONDS.toSeconds(HUNG_NANOS) + " s of real time");
                }
                rig.runDue();
                rig.advanceToNextDelay();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HungException("interrupted while waiting for the array");
        }
    }

    /** What a read of {@code sector} in a batch with {@code batchWrites} may return: acknowledged and same-batch versions. */
    private int[] acceptableVersions(long sector, List<AckModel.BatchWrite> batchWrites) {
        int[] known = model.versions(sector);
        int[] all = Arrays.copyOf(known, known.length + batchWrites.size());
        int n = known.length;
        for (AckModel.BatchWrite w : batchWrites) {
            if (sector >= w.firstSector() && sector < w.endSector()) {
                all[n++] = w.writeId();
            }
        }
        return Arrays.copyOf(all, n);
    }

    /** Checks one finished request; returns its trace word. */
    private String outcome(Pending p, List<AckModel.BatchWrite> batchWrites, boolean beyond) {
        Op op = p.op;
        if (p.status != IoStatus.OK) {
            if (beyond || lost.overlaps(op.offsetBytes(), op.offsetBytes() + op.lengthBytes())) {
                findings.toleratedFailure(op.offsetBytes(), op.offsetBytes() + op.lengthBytes());
                return "tolerated";
            }
            findings.violation(op.op() + " at array byte " + op.offsetBytes() + " (+" + op.lengthBytes()
                    + ") failed with " + p.status + " while the array was within its redundancy");
            return "ERROR " + p.status;
        }
        if (op.op() != IoOp.READ) {
            return beyond ? "tolerated" : "ok";
        }
        long first = op.offsetBytes() / SectorPattern.SECTOR_BYTES;
        int sectors = op.lengthBytes() / SectorPattern.SECTOR_BYTES;
        long wrong = 0;
        String firstWrong = null;
        for (int i = 0; i < sectors; i++) {
            long sector = first + i;
            int at = i * SectorPattern.SECTOR_BYTES;
            int version = pattern.decode(p.buffer, at, sector);
            if (version >= 0 && model.acceptable(sector, version, batchWrites)) {
                continue;
            }
            int[] versions = acceptableVersions(sector, batchWrites);
            boolean concurrentWrite = versions.length > model.versions(sector).length;
            if (version < 0 && concurrentWrite && pattern.mixOf(p.buffer, at, sector, versions, versions.length)) {
                // A write of this batch covers the sector: the read raced it (the BlockDevice contract
                // gives overlapping requests in flight together no order, and a memory copy is not
                // atomic per sector), and every byte is one of the versions it may see.
                continue;
            }
            wrong++;
            if (firstWrong == null) {
                firstWrong = "READ at array byte " + op.offsetBytes() + " (+" + op.lengthBytes()
                        + ") returned WRONG DATA: sector " + sector + " holds "
                        + (version >= 0 ? "write #" + version : "unrecognised bytes (claims write #"
                        + pattern.claimedWriter(p.buffer, at, sector) + ")")
                        + " but only " + Arrays.toString(versions) + " are acceptable"
                        + (concurrentWrite ? " (some written in the same batch)" : "");
            }
        }
        if (wrong == 0) {
            return beyond ? "tolerated" : "ok";
        }
        findings.wrongSectors += wrong;
        findings.violation(firstWrong + (wrong > 1 ? " (" + wrong + " wrong sectors in this read)" : ""));
        return "WRONG " + wrong;
    }
}
