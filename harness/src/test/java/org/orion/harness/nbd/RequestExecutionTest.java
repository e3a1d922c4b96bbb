package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;

/**
 * How requests reach the device: read-modify-write at any byte alignment (also from several
 * connections into the same block at once), chunking of requests larger than the device takes,
 * FUA, BUSY retries, device errors, FAST_ZERO, DISC, client loss and shutdown with requests in flight.
 */
class RequestExecutionTest {
    private final TestDevices devices = new TestDevices();
    private NbdServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        devices.close();
    }

    private RawNbdClient serve(BlockDevice device, boolean structured) throws Exception {
        server = NbdServer.builder().tcp("127.0.0.1", 0).shutdownGrace(Duration.ofMillis(300))
                .export("d", device, false, "").build().start();
        return new RawNbdClient(server.boundPort()).go("d", structured, structured);
    }

    @Test
    void shouldKeepEveryByteOfPipelinedUnalignedWritesFromTwoConnectionsOnA4KnDisk() throws Exception {
        long seed = 20240611L;
        System.out.println("seed " + seed);
        BlockDevice disk = devices.disk(1L << 20, 4096);
        byte[] model = new byte[1 << 20];
        try (RawNbdClient a = serve(disk, true); RawNbdClient b = new RawNbdClient(server.boundPort()).go("d", false, false)) {
            SplittableRandom random = new SplittableRandom(seed);
            // Each round: both connections pipeline 40 writes of disjoint byte ranges that share
            // 4 KiB blocks, without waiting for replies, so read-modify-writes overlap in time.
            for (int round = 0; round < 10; round++) {
                int base = random.nextInt(200) * 4096;
                int cursor = base + random.nextInt(4096);
                int sent = 0;
                for (int i = 0; i < 80; i++) {
                    int length = 1 + random.nextInt(700);
                    byte[] data = new byte[length];
                    random.nextBytes(data);
                    System.arraycopy(data, 0, model, cursor, length);
                    RawNbdClient c = (i & 1) == 0 ? a : b;
                    c.request(0, 1, i, cursor, length, data);
                    cursor += length;
                    sent++;
                }
                for (int i = 0; i < sent / 2; i++) {
                    assertEquals(0, a.reply(0).errno());
                    assertEquals(0, b.reply(0).errno());
                }
            }
            assertArrayEquals(model, a.read(0, model.length), "seed " + seed);
            assertArrayEquals(model, SyncIo.readBytes(disk, 0, model.length), "seed " + seed);
        }
    }

    @Test
    void shouldZeroExactlyTheRequestedBytesWhenTheyDoNotCoverWholeBlocks() throws Exception {
        BlockDevice disk = devices.disk(1L << 20, 4096);
        byte[] ones = new byte[64 * 1024];
        Arrays.fill(ones, (byte) 1);
        SyncIo.writeBytes(disk, 0, ones, 0);
        try (RawNbdClient c = serve(disk, true)) {
            c.request(0x02, 6, 1, 100, 10_000, null); // NO_HOLE, partial first and last block
            assertEquals(0, c.reply(0).errno());
            c.request(0, 6, 2, 20_001, 7, null); // inside one block
            assertEquals(0, c.reply(0).errno());
        }
        byte[] expected = ones.clone();
        Arrays.fill(expected, 100, 10_100, (byte) 0);
        Arrays.fill(expected, 20_001, 20_008, (byte) 0);
        assertArrayEquals(expected, SyncIo.readBytes(disk, 0, expected.length));
    }

    @Test
    void shouldSplitRequestsLargerThanTheArrayTakesAndDoReadModifyWriteAtTheirEdges() throws Exception {
        BlockDevice array = devices.raid6(16L << 20);
        byte[] data = new byte[32 << 20];
        new SplittableRandom(7).nextBytes(data);
        try (RawNbdClient c = serve(array, true)) {
            c.write(1000, data);
            assertArrayEquals(data, c.read(1000, data.length));
            c.request(0, 4, 3, 0, 16 << 20, null); // TRIM is a hint; only its success is checked
            assertEquals(0, c.reply(0).errno());
        }
    }

    @Test
    void shouldPassFuaToTheDeviceAndFlushAfterTrimAndZeroesWithFua() throws Exception {
        TestFilters.Recording recording = new TestFilters.Recording(devices.disk(1L << 20));
        try (RawNbdClient c = serve(recording, false)) {
            c.request(1, 1, 1, 0, 4096, new byte[4096]);
            assertEquals(0, c.simpleReply(0).errno());
            c.request(1, 6, 2, 8192, 4096, null);
            assertEquals(0, c.simpleReply(0).errno());
            c.request(1, 4, 3, 16384, 4096, null);
            assertEquals(0, c.simpleReply(0).errno());
            c.request(0, 3, 4, 0, 0, null);
            assertEquals(0, c.simpleReply(0).errno());
        }
        var seen = recording.seen;
        assertEquals(new TestFilters.Seen(IoOp.WRITE, 0, 4096, IoRequest.FLAG_FUA), seen.get(0));
        assertEquals(IoOp.WRITE_ZEROES, seen.get(1).op());
        assertTrue((seen.get(1).flags() & IoRequest.FLAG_FUA) != 0);
        assertEquals(IoOp.FLUSH, seen.get(2).op(), "WRITE_ZEROES with FUA is followed by a FLUSH");
        assertEquals(IoOp.DISCARD, seen.get(3).op());
        assertEquals(IoOp.FLUSH, seen.get(4).op(), "TRIM with FUA is followed by a FLUSH");
        assertEquals(IoOp.FLUSH, seen.get(5).op());
        assertEquals(6, seen.size());
    }

    @Test
    void shouldRetryRequestsTheDeviceRefusesAsBusy() throws Exception {
        TestFilters.BusyEveryOther busy = new TestFilters.BusyEveryOther(devices.disk(1L << 20));
        try (RawNbdClient c = serve(busy, true)) {
            for (int i = 0; i < 50; i++) {
                c.request(0, 1, i, i * 4096L + 3, 100, new byte[100]);
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(0, c.reply(0).errno());
            }
            c.write(5, new byte[] {42});
            assertArrayEquals(new byte[] {42}, c.read(5, 1));
        }
        assertTrue(busy.refusals.get() >= 50, "refusals " + busy.refusals.get());
    }

    @Test
    void shouldAnswerADeviceReadErrorWithEioAndKeepServing() throws Exception {
        BlockDevice bad = new TestFilters.BadSector(devices.disk(1L << 20), 8192);
        try (RawNbdClient c = serve(bad, true)) {
            c.request(0, 0, 1, 4096, 8192, null);
            assertEquals(5, c.reply(8192).errno());
            assertEquals(4096, c.read(0, 4096).length);
        }
        server.close();
        try (RawNbdClient c = serve(bad, false)) {
            c.request(0, 0, 1, 8000, 1000, null);
            assertEquals(5, c.simpleReply(1000).errno(), "simple reply: error with no payload");
            assertEquals(4096, c.read(0, 4096).length);
        }
    }

    @Test
    void shouldFailFastZeroWithNotSupportedOnADeviceThatWouldEmulateItAndChangeNothing() throws Exception {
        BlockDevice disk = devices.disk(1L << 20);
        byte[] ones = new byte[4096];
        Arrays.fill(ones, (byte) 1);
        SyncIo.writeBytes(disk, 0, ones, 0);
        try (RawNbdClient c = serve(new TestFilters.EmulatedZeroes(disk), true)) {
            assertTrue((c.transmissionFlags & 0x800) != 0, "FAST_ZERO advertised");
            c.request(0x10, 6, 1, 0, 4096, null);
            assertEquals(95, c.reply(0).errno());
            assertArrayEquals(ones, c.read(0, 4096));
            c.request(0, 6, 2, 0, 4096, null);
            assertEquals(0, c.reply(0).errno(), "without FAST_ZERO the zeroing is emulated");
            assertArrayEquals(new byte[4096], c.read(0, 4096));
        }
    }

    @Test
    void shouldAnswerEveryRequestInFlightBeforeClosingAfterDisc() throws Exception {
        BlockDevice disk = devices.disk(4L << 20);
        try (RawNbdClient c = serve(disk, false)) {
            for (int i = 0; i < 300; i++) {
                c.request(0, 1, i, i * 4096L, 4096, filled(4096, i));
            }
            c.disconnect();
            boolean[] answered = new boolean[300];
            for (int i = 0; i < 300; i++) {
                RawNbdClient.Reply r = c.simpleReply(0);
                assertEquals(0, r.errno());
                answered[(int) r.cookie()] = true;
            }
            RawNbdClient.expectEof(c.in);
            for (boolean a : answered) {
                assertTrue(a);
            }
        }
        assertArrayEquals(filled(4096, 299), SyncIo.readBytes(disk, 299 * 4096L, 4096));
    }

    @Test
    void shouldApplyNothingFromAWriteWhoseClientVanishedMidPayload() throws Exception {
        BlockDevice disk = devices.disk(1L << 20);
        try (RawNbdClient c = serve(disk, false)) {
            c.request(0, 1, 1, 0, 65536, filled(1000, 9));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.connectionCount());
        assertArrayEquals(new byte[65536], SyncIo.readBytes(disk, 0, 65536));
        try (RawNbdClient c = new RawNbdClient(server.boundPort()).go("d", false, false)) {
            assertEquals(512, c.read(0, 512).length, "the server still serves");
        }
    }

    @Test
    void shouldFinishRequestsInFlightAndRefuseNewOnesWithShutdownWhenTheServerCloses() throws Exception {
        TestFilters.Gate gate = new TestFilters.Gate(devices.disk(1L << 20));
        try (RawNbdClient c = serve(gate, false)) {
            gate.close(true);
            c.request(0, 1, 1, 0, 4096, filled(4096, 3));
            while (gate.heldCount() == 0) {
                Thread.sleep(5);
            }
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            Thread.sleep(100);
            c.request(0, 0, 2, 0, 4096, null);
            RawNbdClient.Reply refused = c.simpleReply(4096);
            assertEquals(2, refused.cookie());
            assertEquals(108, refused.errno(), "ESHUTDOWN");
            gate.close(false);
            RawNbdClient.Reply done = c.simpleReply(0);
            assertEquals(1, done.cookie());
            assertEquals(0, done.errno(), "the write in flight finished");
            c.disconnect();
            closing.get(10, TimeUnit.SECONDS);
        }
        assertArrayEquals(filled(4096, 3), SyncIo.readBytes(gate, 0, 4096));
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void shouldZeroAndTrimRangesLongerThanTheMaximumPayloadWithoutDisconnecting() throws Exception {
        BlockDevice disk = devices.disk(64L << 20);
        byte[] ones = new byte[1 << 20];
        Arrays.fill(ones, (byte) 1);
        for (long at = 0; at < (64L << 20); at += ones.length) {
            SyncIo.writeBytes(disk, at, ones, 0);
        }
        try (RawNbdClient c = serve(disk, true)) {
            c.request(0, 6, 1, 4096, 48L << 20, null);
            assertEquals(0, c.reply(0).errno(), "48 MiB WRITE_ZEROES");
            c.request(0, 4, 2, 0, 64L << 20, null);
            assertEquals(0, c.reply(0).errno(), "64 MiB TRIM");
            c.request(0, 6, 3, 0, 64L << 20, null);
            assertEquals(0, c.reply(0).errno());
            assertArrayEquals(new byte[1 << 20], c.read(63L << 20, 1 << 20));
        }
        assertArrayEquals(new byte[4096], SyncIo.readBytes(disk, 40L << 20, 4096));
    }
}
