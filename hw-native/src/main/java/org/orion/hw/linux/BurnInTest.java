package org.orion.hw.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.ContentSignature;
import org.orion.driver.api.block.ContentSignatures;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;

/**
 * Hardware bring-up: reads a range to prove it is readable, or (destructive mode) writes a pattern,
 * flushes, and reads it back to prove every block stores what it was given. Destructive mode needs
 * {@link BurnInOptions#destructive()} and is refused on a device that holds an md superblock, a file
 * system, swap or a partition table ({@link ContentSignatures}): wipe it first if it is really unused.
 *
 * <p>Pattern: every logical block starts with its own byte offset (catches misdirected writes) and
 * continues with a xorshift stream seeded by {@code seed ^ offset}, so any block can be checked alone.
 * Runs on the caller's thread with {@code queueDepth} requests in flight; control path.
 */
public final class BurnInTest {
    private static final int MAX_BAD_OFFSETS = 16;
    private static final long WAIT_SECONDS = 120;

    private BurnInTest() {
    }

    public static BurnInResult run(BlockDevice device, BurnInOptions options, NanoClock clock) {
        var info = device.info();
        int block = info.logicalBlockBytes();
        long length = options.lengthBytes() < 0 ? info.capacityBytes() - options.startBytes() : options.lengthBytes();
        if (options.startBytes() % block != 0 || length % block != 0 || options.startBytes() + length > info.capacityBytes()
                || length < 0) {
            throw new OrionException(ErrorCode.USAGE, info.name() + ": burn-in range " + options.startBytes() + " + " + length
                    + " bytes must be whole " + block + "-byte blocks inside the device's " + info.capacityBytes() + " bytes");
        }
        if (options.destructive()) {
            List<ContentSignature> found = ContentSignatures.scan(device);
            if (!found.isEmpty()) {
                throw new OrionException(ErrorCode.UNSAFE, info.name() + " holds " + found.stream()
                        .map(ContentSignature::describe).collect(Collectors.joining(", "))
                        + ": refusing a destructive burn-in; if the data is really unwanted, wipe it first (wipefs -a)");
            }
        }
        int chunk = Math.max(block, Math.min(options.chunkBytes(), info.maxTransferBytes()) / block * block);
        Counters counters = new Counters();
        double writeRate = 0;
        if (options.destructive()) {
            writeRate = pass(device, IoOp.WRITE, options, length, chunk, block, counters, clock);
            if (SyncIo.flush(device) != IoStatus.OK) {
                counters.writeErrors++;
            }
        }
        double readRate = pass(device, IoOp.READ, options, length, chunk, block, counters, clock);
        return new BurnInResult(info.name(), options.startBytes(), length, options.destructive(), options.seed(),
                counters.writeErrors, counters.readErrors, counters.mismatches, counters.badOffsets, writeRate, readRate);
    }

    private static final class Counters {
        long writeErrors;
        long readErrors;
        long mismatches;
        final List<Long> badOffsets = new ArrayList<>();

        void bad(long offset) {
            if (badOffsets.size() < MAX_BAD_OFFSETS) {
                badOffsets.add(offset);
            }
        }
    }

    /** One sweep over the range; returns MiB/s. */
    private static double pass(BlockDevice device, IoOp op, BurnInOptions options, long length, int chunk, int block,
                               Counters counters, NanoClock clock) {
        int depth = options.queueDepth();
        BlockingQueue<IoRequest> done = new ArrayBlockingQueue<>(depth);
        List<IoRequest> idle = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            idle.add(new IoRequest().attachment(ByteBuffer.allocateDirect(chunk).order(ByteOrder.LITTLE_ENDIAN)));
        }
        long start = clock.nanoTime();
        long next = options.startBytes();
        long end = options.startBytes() + length;
        int inFlight = 0;
        while (next < end || inFlight > 0) {
            while (next < end && !idle.isEmpty()) {
                IoRequest request = idle.remove(idle.size() - 1);
                int size = (int) Math.min(chunk, end - next);
                ByteBuffer buffer = (ByteBuffer) request.attachment();
                if (op == IoOp.WRITE) {
                    fill(buffer, size, next, block, options.seed());
                }
                request.set(op, next, size, buffer, 0, 0, (r, status) -> {
                    r.tag(status.code());
                    done.add(r);
                });
                IoStatus accepted = device.submit(request);
                if (accepted == IoStatus.BUSY) {
                    idle.add(request);
                    break;
                }
                if (accepted != IoStatus.OK) {
                    throw new OrionException(ErrorCode.IO, device.info().name() + ": " + op + " at byte " + next
                            + " was refused with " + accepted);
                }
                next += size;
                inFlight++;
            }
            IoRequest finished = take(done, device);
            inFlight--;
            check(finished, op, block, options, counters);
            idle.add(finished);
        }
        double seconds = Math.max(1e-9, (clock.nanoTime() - start) / 1e9);
        return length / (1024.0 * 1024.0) / seconds;
    }

    private static IoRequest take(BlockingQueue<IoRequest> done, BlockDevice device) {
        try {
            IoRequest r = done.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (r == null) {
                throw new OrionException(ErrorCode.IO, device.info().name() + ": a request did not complete within "
                        + WAIT_SECONDS + " s: the device is hung; check dmesg");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException(ErrorCode.IO, device.info().name() + ": burn-in interrupted", e);
        }
    }

    private static void check(IoRequest r, IoOp op, int block, BurnInOptions options, Counters counters) {
        IoStatus status = IoStatus.ofCode((int) r.tag());
        if (status != IoStatus.OK) {
            if (op == IoOp.WRITE) {
                counters.writeErrors++;
            } else {
                counters.readErrors++;
            }
            counters.bad(r.offsetBytes());
            return;
        }
        if (op == IoOp.READ && options.destructive()) {
            ByteBuffer buffer = r.buffer();
            for (int at = 0; at < r.lengthBytes(); at += block) {
                long offset = r.offsetBytes() + at;
                if (!matches(buffer, at, block, offset, options.seed())) {
                    counters.mismatches++;
                    counters.bad(offset);
                }
            }
        }
    }

    /** Fills {@code size} bytes with the pattern of the blocks starting at device byte {@code offset}. */
    static void fill(ByteBuffer buffer, int size, long offset, int block, long seed) {
        for (int at = 0; at < size; at += block) {
            long blockOffset = offset + at;
            buffer.putLong(at, blockOffset);
            long x = streamStart(seed, blockOffset);
            for (int i = 8; i < block; i += 8) {
                x = next(x);
                buffer.putLong(at + i, x);
            }
        }
    }

    static boolean matches(ByteBuffer buffer, int at, int block, long blockOffset, long seed) {
        if (buffer.getLong(at) != blockOffset) {
            return false;
        }
        long x = streamStart(seed, blockOffset);
        for (int i = 8; i < block; i += 8) {
            x = next(x);
            if (buffer.getLong(at + i) != x) {
                return false;
            }
        }
        return true;
    }

    /** Non-zero start of a block's xorshift stream (xorshift stays at zero forever). */
    private static long streamStart(long seed, long blockOffset) {
        long x = seed ^ blockOffset ^ 0x9E3779B97F4A7C15L;
        return x == 0 ? 1 : x;
    }

    private static long next(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x;
    }
}
