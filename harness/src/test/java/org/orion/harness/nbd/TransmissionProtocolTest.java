package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;

/**
 * Requests, well-formed and malformed, over a raw socket: every transmission row of the bad-input
 * checklist (reference/nbd-protocol.md §6). After each refusal the connection must still work.
 */
class TransmissionProtocolTest {
    private static final int EPERM = 1;
    private static final int EINVAL = 22;
    private static final int ENOSPC = 28;
    private static final long SIZE = 4L << 20;

    private TestDevices devices;
    private BlockDevice disk;
    private NbdServer server;

    @BeforeEach
    void serve() {
        devices = new TestDevices();
        disk = devices.disk(SIZE);
        server = NbdServer.builder().tcp("127.0.0.1", 0).shutdownGrace(Duration.ofMillis(200))
                .export("disk", disk, false, "")
                .export("ro", disk, true, "")
                .build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        devices.close();
    }

    private RawNbdClient open(boolean structured) throws Exception {
        return new RawNbdClient(server.boundPort()).go("disk", structured, structured);
    }

    /** The connection still serves a write and a read that sees it. */
    private static void assertStillWorks(RawNbdClient c) throws Exception {
        c.write(8192, new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {1, 2, 3, 4}, c.read(8192, 4));
    }

    @Test
    void shouldHangUpOnABadRequestMagic() throws Exception {
        try (RawNbdClient c = open(false)) {
            c.out.writeInt(0x25609514);
            c.out.write(new byte[24]);
            c.out.flush();
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldRefuseAnUnknownCommandAndCarryOn() throws Exception {
        try (RawNbdClient c = open(true)) {
            c.request(0, 8, 11, 0, 0, null); // RESIZE
            c.request(0, 99, 12, 0, 512, null);
            assertEquals(EINVAL, c.reply(0).errno());
            assertEquals(EINVAL, c.reply(0).errno());
            assertStillWorks(c);
        }
    }

    @Test
    void shouldRefuseUnknownAndMisplacedFlags() throws Exception {
        try (RawNbdClient c = open(false)) {
            c.request(0x80, 0, 1, 0, 512, null);
            assertEquals(EINVAL, c.simpleReply(0).errno(), "unknown flag");
            c.request(0x04, 0, 2, 0, 512, null);
            assertEquals(EINVAL, c.simpleReply(0).errno(), "DF without structured replies");
            c.request(0x02, 1, 3, 0, 4, new byte[4]);
            assertEquals(EINVAL, c.simpleReply(0).errno(), "NO_HOLE on WRITE, payload still consumed");
            assertStillWorks(c);
        }
    }

    @Test
    void shouldRefuseReadsPastTheEndAndOverflowingRangesWithInvalid() throws Exception {
        try (RawNbdClient c = open(true)) {
            c.request(0, 0, 1, SIZE - 512, 1024, null);
            assertEquals(EINVAL, c.reply(0).errno());
            c.request(0, 0, 2, -512L, 1024, null); // 2^64 - 512
            assertEquals(EINVAL, c.reply(0).errno());
            c.request(0, 4, 3, SIZE, 512, null);
            assertEquals(EINVAL, c.reply(0).errno(), "TRIM past the end");
            c.request(0, 7, 4, SIZE + 512, 512, null);
            assertEquals(EINVAL, c.reply(0).errno(), "BLOCK_STATUS past the end");
            assertStillWorks(c);
        }
    }

    @Test
    void shouldRefuseWritesPastTheEndWithNoSpaceAndConsumeThePayload() throws Exception {
        try (RawNbdClient c = open(false)) {
            c.request(0, 1, 1, SIZE - 512, 4096, new byte[4096]);
            assertEquals(ENOSPC, c.simpleReply(0).errno());
            c.request(0, 6, 2, SIZE, 512, null);
            assertEquals(ENOSPC, c.simpleReply(0).errno(), "WRITE_ZEROES past the end");
            c.request(0, 1, 3, -512L, 4096, new byte[4096]);
            assertEquals(EINVAL, c.simpleReply(0).errno(), "offset + length overflows");
            assertStillWorks(c);
        }
    }

    @Test
    void shouldRefuseChangesToAReadOnlyExportWithPermissionDenied() throws Exception {
        byte[] sevens = new byte[512];
        java.util.Arrays.fill(sevens, (byte) 7);
        SyncIo.writeBytes(disk, 0, sevens, 0);
        try (RawNbdClient c = new RawNbdClient(server.boundPort()).go("ro", false, false)) {
            assertTrue((c.transmissionFlags & 2) != 0, "READ_ONLY flag");
            c.request(0, 1, 1, 0, 4, new byte[4]);
            assertEquals(EPERM, c.simpleReply(0).errno());
            c.request(0, 4, 2, 0, 512, null);
            assertEquals(EPERM, c.simpleReply(0).errno());
            c.request(0, 6, 3, 0, 512, null);
            assertEquals(EPERM, c.simpleReply(0).errno());
            assertArrayEquals(new byte[] {7, 7, 7, 7}, c.read(0, 4), "nothing changed, stream in step");
        }
    }

    @Test
    void shouldConsumeAnOversizedWriteAndRefuseItWithInvalid() throws Exception {
        int size = (32 << 20) + 512;
        try (RawNbdClient c = open(true)) {
            c.request(0, 1, 1, 0, size, new byte[size]);
            assertEquals(EINVAL, c.reply(0).errno());
            c.request(0, 0, 2, 0, size, null);
            assertEquals(EINVAL, c.reply(0).errno(), "oversized READ");
            assertStillWorks(c);
        }
    }

    @Test
    void shouldAcceptZeroLengthRequestsAsNoOps() throws Exception {
        try (RawNbdClient c = open(true)) {
            c.request(0, 0, 1, 0, 0, null);
            assertEquals(0, c.reply(0).errno(), "READ");
            c.request(0, 1, 2, 0, 0, new byte[0]);
            assertEquals(0, c.reply(0).errno(), "WRITE");
            c.request(0, 4, 3, 0, 0, null);
            assertEquals(0, c.reply(0).errno(), "TRIM");
            c.request(0, 6, 4, 0, 0, null);
            assertEquals(0, c.reply(0).errno(), "WRITE_ZEROES");
            c.request(0, 7, 5, 0, 0, null);
            assertEquals(EINVAL, c.reply(0).errno(), "BLOCK_STATUS cannot describe nothing");
            assertStillWorks(c);
        }
    }

    @Test
    void shouldForgiveAFlushWithAnOffsetAndLength() throws Exception {
        try (RawNbdClient c = open(false)) {
            c.request(0, 3, 1, 4096, 512, null);
            assertEquals(0, c.simpleReply(0).errno());
            assertStillWorks(c);
        }
    }

    @Test
    void shouldRefuseBlockStatusWithoutANegotiatedContext() throws Exception {
        try (RawNbdClient c = new RawNbdClient(server.boundPort()).go("disk", true, false)) {
            c.request(0, 7, 1, 0, 4096, null);
            assertEquals(EINVAL, c.reply(0).errno());
            assertStillWorks(c);
        }
    }

    @Test
    void shouldReportBlockStatusAsOneAllocatedExtent() throws Exception {
        try (RawNbdClient c = open(true)) {
            c.request(0, 7, 42, 4096, 65536, null);
            RawNbdClient.Chunk chunk = c.chunk();
            assertEquals(42, chunk.cookie());
            assertEquals(5, chunk.type());
            assertEquals(1, chunk.flags() & 1, "DONE");
            ByteBuffer body = chunk.body();
            assertTrue(body.getInt() != 0, "context id");
            assertEquals(65536, body.getInt(), "one extent over the request");
            assertEquals(0, body.getInt(), "flags 0: allocated, never HOLE or ZERO");
            assertEquals(0, body.remaining());
        }
    }

    @Test
    void shouldSendAStructuredReadAsOneDoneDataChunkAndErrorsAsErrorChunks() throws Exception {
        try (RawNbdClient c = open(true)) {
            c.write(1000, new byte[] {5, 6, 7});
            c.request(0, 0, 77, 999, 5, null);
            RawNbdClient.Chunk data = c.chunk();
            assertEquals(1, data.type());
            assertEquals(1, data.flags());
            ByteBuffer body = data.body();
            assertEquals(999, body.getLong());
            byte[] bytes = new byte[5];
            body.get(bytes);
            assertArrayEquals(new byte[] {0, 5, 6, 7, 0}, bytes);
            c.request(0, 0, 78, SIZE, 512, null);
            RawNbdClient.Chunk error = c.chunk();
            assertEquals(0x8001, error.type());
            assertEquals(1, error.flags());
            assertEquals(78, error.cookie());
            assertEquals(EINVAL, error.body().getInt());
        }
    }

    @Test
    void shouldTreatAnOptionSentAfterGoAsABadRequestMagicAndHangUp() throws Exception {
        try (RawNbdClient c = open(true)) {
            c.option(7, RawNbdClient.infoData("disk", 3)); // a GO again: IHAVEOPT where a request header belongs
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldEndGracefullyOnADisconnectWithAnOffsetAndLength() throws Exception {
        try (RawNbdClient c = open(false)) {
            c.write(0, new byte[] {1});
            c.request(0, 2, 9, 4096, 512, null);
            RawNbdClient.expectEof(c.in);
        }
    }
}
