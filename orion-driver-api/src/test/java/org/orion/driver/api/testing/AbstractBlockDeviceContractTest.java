package org.orion.driver.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.orion.driver.api.testing.Completions.assertOk;
import static org.orion.driver.api.testing.Completions.flush;
import static org.orion.driver.api.testing.Completions.read;
import static org.orion.driver.api.testing.Completions.run;
import static org.orion.driver.api.testing.Completions.write;
import static org.orion.driver.api.testing.Completions.writeFua;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * The rules of {@link BlockDevice}, as tests. Subclasses supply the device; durability tests also
 * need {@link #powerCycle(BlockDevice)}. Tests touch only the first and last few blocks, so they
 * work on devices of any size.
 */
public abstract class AbstractBlockDeviceContractTest {
    protected BlockDevice device;
    protected BlockDeviceInfo info;
    protected int block;

    /** A fresh device for one test. Its initial content does not matter. */
    protected abstract BlockDevice createDevice() throws Exception;

    /**
     * Simulates a power loss of {@code device} (volatile caches dropped) and returns the device as it
     * comes back, or {@code null} if this implementation cannot simulate power loss (the durability
     * tests are then skipped with that reason).
     */
    protected BlockDevice powerCycle(BlockDevice device) throws Exception {
        return null;
    }

    /** Largest READ/WRITE the tests use. */
    protected int transferBytes() {
        return Math.min(info.maxTransferBytes(), 64 * 1024);
    }

    @BeforeEach
    void openDevice() throws Exception {
        device = createDevice();
        info = device.info();
        block = info.logicalBlockBytes();
    }

    @AfterEach
    void closeDevice() {
        if (device != null) {
            device.close();
        }
    }

    private long lastBlock() {
        return info.capacityBytes() - block;
    }

    @Test
    void shouldDescribeAConsistentGeometry() {
        assertTrue(info.capacityBytes() >= 16L * block, "at least 16 blocks");
        assertEquals(0, info.capacityBytes() % block);
        assertEquals(0, info.physicalBlockBytes() % block);
        assertTrue(info.maxTransferBytes() >= block);
    }

    @Test
    void shouldReadBackWhatWasWrittenAtTheStartMiddleAndEnd() {
        int length = Math.min(transferBytes(), (int) Math.min(Integer.MAX_VALUE, info.capacityBytes() / 4)) / block * block;
        long middle = (info.capacityBytes() / 2) / block * block;
        long[] offsets = {0, middle, info.capacityBytes() - length};
        for (int i = 0; i < offsets.length; i++) {
            byte[] data = Patterns.random(100 + i, length);
            assertOk(write(device, offsets[i], data), "write at " + offsets[i]);
        }
        for (int i = 0; i < offsets.length; i++) {
            assertArrayEquals(Patterns.random(100 + i, length), read(device, offsets[i], length), "read at " + offsets[i]);
        }
    }

    @Test
    void shouldUseOnlyTheAddressedPartOfTheBufferInBothDirections() {
        int length = 2 * block;
        byte[] data = Patterns.random(7, length);
        ByteBuffer source = ByteBuffer.allocateDirect(length + 3 * block);
        source.position(block + 3).put(data).clear();
        assertOk(run(device, IoOp.WRITE, block, length, source, block + 3, 0), "write from buffer offset");
        ByteBuffer target = ByteBuffer.allocate(length + 100);
        Arrays.fill(target.array(), (byte) 0x5a);
        assertOk(run(device, IoOp.READ, block, length, target, 50, 0), "read into buffer offset");
        assertArrayEquals(data, Arrays.copyOfRange(target.array(), 50, 50 + length));
        for (int i = 0; i < 50; i++) {
            assertEquals(0x5a, target.array()[i], "byte before the range untouched");
        }
        assertEquals(0, source.position(), "device must not move the buffer's position");
    }

    @Test
    void shouldSeeEachCompletedOverwriteInTheNextRead() {
        for (int round = 0; round < 20; round++) {
            byte[] data = Patterns.random(round, block);
            assertOk(write(device, 3L * block, data), "write round " + round);
            assertArrayEquals(data, read(device, 3L * block, block), "round " + round);
        }
    }

    @Test
    void shouldCompleteEveryAcceptedRequestExactlyOnce() throws Exception {
        int count = 256;
        List<Completions.Recorder> recorders = new ArrayList<>();
        byte[] data = Patterns.random(1, block);
        for (int i = 0; i < count; i++) {
            Completions.Recorder recorder = new Completions.Recorder();
            recorders.add(recorder);
            IoOp op = i % 3 == 0 ? IoOp.READ : (i % 7 == 0 ? IoOp.FLUSH : IoOp.WRITE);
            ByteBuffer buffer = op == IoOp.READ ? ByteBuffer.allocate(block) : ByteBuffer.wrap(data);
            long offset = (i % 16) * (long) block;
            IoRequest request = new IoRequest().set(op, offset, op == IoOp.FLUSH ? 0 : block, buffer, 0, 0, recorder);
            IoStatus accepted;
            while ((accepted = device.submit(request)) == IoStatus.BUSY) {
                Thread.onSpinWait();
                Thread.sleep(0, 100_000);
            }
            assertEquals(IoStatus.OK, accepted, "request " + i + " accepted");
        }
        for (Completions.Recorder recorder : recorders) {
            assertEquals(IoStatus.OK, recorder.await());
        }
        TimeUnit.MILLISECONDS.sleep(50);
        for (int i = 0; i < count; i++) {
            assertEquals(1, recorders.get(i).calls(), "completions of request " + i);
        }
    }

    @Test
    void shouldRefuseMisalignedRequestsWithoutCallingTheCompletion() {
        ByteBuffer buffer = ByteBuffer.allocate(4 * block);
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, 1, block, buffer, 0, 0), "misaligned offset");
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, 0, block + 1, buffer, 0, 0), "misaligned length");
        assertEquals(IoStatus.INVALID, run(device, IoOp.WRITE, 7, block, buffer, 0, 0), "misaligned write");
    }

    @Test
    void shouldRefuseRequestsOutsideTheDevice() {
        ByteBuffer buffer = ByteBuffer.allocate(2 * block);
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, info.capacityBytes(), block, buffer, 0, 0), "at the end");
        assertEquals(IoStatus.INVALID, run(device, IoOp.WRITE, lastBlock(), 2 * block, buffer, 0, 0), "across the end");
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, -block, block, buffer, 0, 0), "negative offset");
        assertEquals(IoStatus.INVALID, run(device, IoOp.WRITE_ZEROES, Long.MAX_VALUE - block + 1, block, null, 0, 0),
                "offset near Long.MAX_VALUE");
        assertEquals(IoStatus.INVALID, run(device, IoOp.DISCARD, lastBlock(), 2 * block, null, 0, 0), "discard across the end");
    }

    @Test
    void shouldRefuseBuffersTooSmallForTheRequest() {
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, 0, 2 * block, ByteBuffer.allocate(block), 0, 0));
        assertEquals(IoStatus.INVALID, run(device, IoOp.WRITE, 0, block, null, 0, 0));
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, 0, block, ByteBuffer.allocate(2 * block), block + 1, 0));
    }

    @Test
    void shouldRefuseTransfersLargerThanTheMaximum() {
        assumeTrue((long) info.maxTransferBytes() + block <= info.capacityBytes() && info.maxTransferBytes() < (64 << 20),
                "device accepts transfers as large as itself");
        int length = info.maxTransferBytes() + block;
        assertEquals(IoStatus.INVALID, run(device, IoOp.READ, 0, length, ByteBuffer.allocate(length), 0, 0));
    }

    @Test
    void shouldTreatZeroLengthRequestsAsSuccessfulNoOps() {
        byte[] data = Patterns.random(3, block);
        assertOk(write(device, 0, data), "write");
        assertEquals(IoStatus.OK, run(device, IoOp.WRITE, 0, 0, ByteBuffer.allocate(0), 0, 0));
        assertEquals(IoStatus.OK, run(device, IoOp.READ, info.capacityBytes(), 0, ByteBuffer.allocate(0), 0, 0));
        assertArrayEquals(data, read(device, 0, block));
    }

    @Test
    void shouldFlushAndAcceptFuaWrites() {
        byte[] data = Patterns.random(11, block);
        assertOk(writeFua(device, 5L * block, data), "FUA write");
        assertOk(flush(device), "flush");
        assertArrayEquals(data, read(device, 5L * block, block));
    }

    @Test
    void shouldReadZeroesAfterWriteZeroes() {
        int length = 4 * block;
        assertOk(write(device, 2L * block, Patterns.random(5, length)), "write");
        assertOk(run(device, IoOp.WRITE_ZEROES, 3L * block, 2 * block, null, 0, 0), "write zeroes");
        byte[] back = read(device, 2L * block, length);
        assertArrayEquals(Arrays.copyOfRange(Patterns.random(5, length), 0, block), Arrays.copyOfRange(back, 0, block));
        assertArrayEquals(new byte[2 * block], Arrays.copyOfRange(back, block, 3 * block));
        assertArrayEquals(Arrays.copyOfRange(Patterns.random(5, length), 3 * block, length),
                Arrays.copyOfRange(back, 3 * block, length));
    }

    @Test
    void shouldReadEachDiscardedBlockAsEitherItsOldContentOrZeroes() {
        int length = 4 * block;
        byte[] data = Patterns.random(9, length);
        assertOk(write(device, 0, data), "write");
        assertOk(run(device, IoOp.DISCARD, block, 2 * block, null, 0, 0), "discard");
        byte[] back = read(device, 0, length);
        for (int b = 0; b < 4; b++) {
            byte[] got = Arrays.copyOfRange(back, b * block, (b + 1) * block);
            byte[] old = Arrays.copyOfRange(data, b * block, (b + 1) * block);
            boolean discarded = b == 1 || b == 2;
            assertTrue(Arrays.equals(got, old) || (discarded && Arrays.equals(got, new byte[block])),
                    "block " + b + " after discard");
        }
    }

    @Test
    void shouldKeepWritesThatWereFlushedOrFuaAcrossPowerLoss() throws Exception {
        byte[] flushed = Patterns.random(21, block);
        byte[] fua = Patterns.random(22, block);
        assertOk(write(device, 0, flushed), "write");
        assertOk(flush(device), "flush");
        assertOk(writeFua(device, 2L * block, fua), "FUA write");
        BlockDevice after = powerCycle(device);
        assumeTrue(after != null, "this device cannot simulate power loss");
        device = after;
        assertArrayEquals(flushed, read(device, 0, block), "flushed write survives power loss");
        assertArrayEquals(fua, read(device, 2L * block, block), "FUA write survives power loss");
    }

    @Test
    void shouldServeConcurrentSubmittersOnDisjointRanges() throws Exception {
        int threads = 4;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final long base = (long) t * 4 * block;
                final int thread = t;
                futures.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        byte[] data = Patterns.random(thread * 1000L + r, 2 * block);
                        assertOk(write(device, base, data), "thread " + thread + " write " + r);
                        assertArrayEquals(data, read(device, base, 2 * block), "thread " + thread + " round " + r);
                        if (r % 10 == 0) {
                            assertOk(flush(device), "flush");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(Completions.WAIT_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseNewRequestsAfterClose() {
        device.close();
        ByteBuffer buffer = ByteBuffer.allocate(block);
        assertEquals(IoStatus.NO_DEVICE, run(device, IoOp.READ, 0, block, buffer, 0, 0));
        device = null;
    }
}
