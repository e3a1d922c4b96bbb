package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.orion.driver.api.testing.Completions.assertOk;
import static org.orion.driver.api.testing.Completions.flush;
import static org.orion.driver.api.testing.Completions.read;
import static org.orion.driver.api.testing.Completions.run;
import static org.orion.driver.api.testing.Completions.write;
import static org.orion.driver.api.testing.Completions.writeFua;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.testing.Patterns;

/** The volatile write cache loses exactly the writes that were not durable, on heap and file media. */
class VolatileWriteCacheTest {
    private static final int BLOCK = 4096;
    @TempDir
    Path directory;
    private SimController controller;

    private SimDisk disk(boolean onFile, boolean volatileCache) {
        Path file = onFile ? directory.resolve("disk.img") : null;
        controller = SimController.create("sata0", SimPersonality.SATA, new ManualClock(), LatencyModel.ZERO,
                List.of(new SimDiskSpec("disk0", 1 << 20, 512, BLOCK, file, volatileCache)));
        return controller.disk(0);
    }

    @AfterEach
    void close() {
        controller.close();
    }

    private static byte[] data(int seed) {
        return Patterns.random(seed, BLOCK);
    }

    @ParameterizedTest(name = "on file: {0}")
    @ValueSource(booleans = {false, true})
    void shouldLoseUnflushedWritesAndKeepFlushedAndFuaOnesAtPowerLoss(boolean onFile) {
        SimDisk disk = disk(onFile, true);
        assertOk(write(disk, 0, data(1)), "write");
        assertOk(flush(disk), "flush");
        assertOk(write(disk, 0, data(2)), "overwrite after the flush");
        assertOk(write(disk, BLOCK, data(3)), "never flushed");
        assertOk(writeFua(disk, 2 * BLOCK, data(4)), "FUA");
        assertEquals(2L * BLOCK, disk.unflushedBytes());
        assertArrayEquals(data(2), read(disk, 0, BLOCK), "before the power loss every write is visible");

        disk.powerLoss();

        assertArrayEquals(data(1), read(disk, 0, BLOCK), "back to the flushed content");
        assertArrayEquals(new byte[BLOCK], read(disk, BLOCK, BLOCK), "the unflushed write is gone");
        assertArrayEquals(data(4), read(disk, 2 * BLOCK, BLOCK), "FUA write kept");
        assertEquals(0, disk.unflushedBytes());
    }

    @ParameterizedTest(name = "on file: {0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepAFuaWriteOverDirtyDataButLoseALaterPlainWrite(boolean onFile) {
        SimDisk disk = disk(onFile, true);
        assertOk(write(disk, 0, data(1)), "dirty");
        assertOk(writeFua(disk, 0, data(2)), "FUA over the dirty block");
        disk.powerLoss();
        assertArrayEquals(data(2), read(disk, 0, BLOCK));
        assertOk(write(disk, 0, data(3)), "plain write over the FUA content");
        disk.powerLoss();
        assertArrayEquals(data(2), read(disk, 0, BLOCK));
    }

    @ParameterizedTest(name = "on file: {0}")
    @ValueSource(booleans = {false, true})
    void shouldUndoUnflushedDiscardsAndWriteZeroes(boolean onFile) {
        SimDisk disk = disk(onFile, true);
        assertOk(write(disk, 0, Patterns.random(9, 4 * BLOCK)), "write");
        assertOk(flush(disk), "flush");
        assertOk(run(disk, IoOp.DISCARD, 0, BLOCK, null, 0, 0), "discard");
        assertOk(run(disk, IoOp.WRITE_ZEROES, BLOCK, BLOCK, null, 0, IoRequest.FLAG_NO_HOLE), "write zeroes");
        assertArrayEquals(new byte[2 * BLOCK], read(disk, 0, 2 * BLOCK));
        disk.powerLoss();
        assertArrayEquals(Patterns.random(9, 4 * BLOCK), read(disk, 0, 4 * BLOCK));
    }

    @ParameterizedTest(name = "on file: {0}")
    @ValueSource(booleans = {false, true})
    void shouldTearUnflushedWritesAtPhysicalBlockGranularity(boolean onFile) {
        SimDisk disk = disk(onFile, true);
        byte[] old = Patterns.random(10, 8 * BLOCK);
        byte[] fresh = Patterns.random(11, 8 * BLOCK);
        assertOk(writeFua(disk, 0, old), "durable old content");
        // Written in 512-byte logical blocks, so a physical block holds eight separately cached writes.
        for (int offset = 0; offset < fresh.length; offset += 512) {
            assertOk(write(disk, offset, Arrays.copyOfRange(fresh, offset, offset + 512)), "write at " + offset);
        }
        disk.powerLoss(physicalBlock -> physicalBlock % 3 == 0);
        byte[] after = read(disk, 0, 8 * BLOCK);
        for (int p = 0; p < 8; p++) {
            byte[] expected = p % 3 == 0 ? fresh : old;
            assertArrayEquals(Arrays.copyOfRange(expected, p * BLOCK, (p + 1) * BLOCK),
                    Arrays.copyOfRange(after, p * BLOCK, (p + 1) * BLOCK), "physical block " + p);
        }
    }

    @ParameterizedTest(name = "on file: {0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepEveryCompletedWriteWithoutAVolatileCache(boolean onFile) {
        SimDisk disk = disk(onFile, false);
        assertOk(write(disk, 0, data(1)), "write");
        disk.powerLoss();
        assertArrayEquals(data(1), read(disk, 0, BLOCK));
        assertEquals(0, disk.unflushedBytes());
    }
}
