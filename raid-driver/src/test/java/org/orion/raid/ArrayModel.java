package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A plain byte-array model of what an array must contain, and helpers that run batches of
 * non-overlapping requests against the array concurrently and check every read against the model.
 */
final class ArrayModel {
    final byte[] bytes;
    final String seedNote;

    ArrayModel(long capacityBytes, String seedNote) {
        this.bytes = new byte[Math.toIntExact(capacityBytes)];
        this.seedNote = seedNote;
    }

    /** One request of a batch. */
    static final class Op {
        final IoOp op;
        final long offsetBytes;
        final int lengthBytes;
        final byte[] data;
        final ByteBuffer buffer;
        volatile IoStatus status;

        Op(IoOp op, long offsetBytes, int lengthBytes, byte[] data) {
            this.op = op;
            this.offsetBytes = offsetBytes;
            this.lengthBytes = lengthBytes;
            this.data = data;
            this.buffer = op == IoOp.READ ? ByteBuffer.allocate(lengthBytes) : data == null ? null : ByteBuffer.wrap(data);
        }
    }

    /** Submits every op at once, waits for all, checks statuses and reads, and applies writes to the model. */
    void runBatch(BlockDevice device, List<Op> ops, String context) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(ops.size());
        List<IoRequest> requests = new ArrayList<>();
        for (Op op : ops) {
            IoRequest request = new IoRequest().set(op.op, op.offsetBytes, op.lengthBytes, op.buffer, 0, 0, (r, s) -> {
                op.status = s;
                done.countDown();
            });
            requests.add(request);
            IoStatus accepted;
            while ((accepted = device.submit(request)) == IoStatus.BUSY) {
                Thread.sleep(1);
            }
            if (accepted != IoStatus.OK) {
                fail(seedNote + " " + context + ": " + op.op + " at " + op.offsetBytes + " refused with " + accepted);
            }
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            fail(seedNote + " " + context + ": batch did not complete");
        }
        for (Op op : ops) {
            assertEquals(IoStatus.OK, op.status, seedNote + " " + context + ": " + op.op + " at " + op.offsetBytes
                    + " (+" + op.lengthBytes + ")");
            int from = (int) op.offsetBytes;
            switch (op.op) {
                case READ -> assertArrayEquals(Arrays.copyOfRange(bytes, from, from + op.lengthBytes), op.buffer.array(),
                        seedNote + " " + context + ": read at " + op.offsetBytes + " (+" + op.lengthBytes + ")");
                case WRITE -> System.arraycopy(op.data, 0, bytes, from, op.lengthBytes);
                case WRITE_ZEROES -> Arrays.fill(bytes, from, from + op.lengthBytes, (byte) 0);
                default -> { }
            }
        }
    }

    /** Reads the whole device in pieces and compares with the model. */
    void verifyAll(BlockDevice device, String context) throws InterruptedException {
        int piece = 256 * 1024;
        List<Op> ops = new ArrayList<>();
        for (long off = 0; off < bytes.length; off += piece) {
            ops.add(new Op(IoOp.READ, off, (int) Math.min(piece, bytes.length - off), null));
            if (ops.size() == 16) {
                runBatch(device, ops, context);
                ops.clear();
            }
        }
        if (!ops.isEmpty()) {
            runBatch(device, ops, context);
        }
    }
}
