package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The option phase, probed byte by byte over a raw socket: every handshake row of the bad-input
 * checklist (reference/nbd-protocol.md §6) plus the options real clients send.
 */
class HandshakeProtocolTest {
    private static final int ERR_UNSUP = 0x80000001;
    private static final int ERR_INVALID = 0x80000003;
    private static final int ERR_UNKNOWN = 0x80000006;
    private static final int ERR_SHUTDOWN = 0x80000007;
    private static final int ACK = 1;

    private TestDevices devices;
    private NbdServer server;

    @BeforeEach
    void serve() {
        devices = new TestDevices();
        server = NbdServer.builder().tcp("127.0.0.1", 0).shutdownGrace(Duration.ofMillis(1500))
                .export("disk", devices.disk(4L << 20), false, "the disk").build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        devices.close();
    }

    private RawNbdClient client() throws Exception {
        return new RawNbdClient(server.boundPort());
    }

    @Test
    void shouldGreetWithFixedNewstyleAndNoZeroes() throws Exception {
        try (RawNbdClient c = client()) {
            assertEquals(3, c.greeting());
        }
    }

    @Test
    void shouldCloseTheConnectionWhenTheClientSetsUnknownFlags() throws Exception {
        try (RawNbdClient c = client()) {
            c.greeting();
            c.clientFlags(0x7);
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldAnswerAnUnknownOptionWithUnsupportedAndKeepListening() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(0x4242, new byte[100]);
            assertEquals(ERR_UNSUP, c.optionReply().type());
            c.option(4, new byte[0]); // PEEK_EXPORT, withdrawn
            assertEquals(ERR_UNSUP, c.optionReply().type());
            c.option(3, new byte[0]);
            List<RawNbdClient.OptionReply> list = c.repliesUntilFinal();
            assertEquals(ACK, list.get(list.size() - 1).type());
        }
    }

    @Test
    void shouldHangUpOnABadOptionMagic() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.out.writeLong(0x1122334455667788L);
            c.out.writeInt(3);
            c.out.writeInt(0);
            c.out.flush();
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldHangUpOnAnAbsurdOptionLength() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.out.writeLong(RawNbdClient.IHAVEOPT);
            c.out.writeInt(7);
            c.out.writeInt(0x7fffffff);
            c.out.flush();
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldRefuseDataOnOptionsThatTakeNone() throws Exception {
        try (RawNbdClient c = client().hello()) {
            for (int option : new int[] {3, 8, 5, 11}) {
                c.option(option, new byte[] {1, 2, 3});
                assertEquals(ERR_INVALID, c.optionReply().type(), "option " + option);
            }
        }
    }

    @Test
    void shouldAnswerStarttlsAndExtendedHeadersWithUnsupported() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(5, new byte[0]);
            assertEquals(ERR_UNSUP, c.optionReply().type());
            c.option(11, new byte[0]);
            assertEquals(ERR_UNSUP, c.optionReply().type());
        }
    }

    @Test
    void shouldRefuseMalformedInfoAndGoAsInvalidAndStillServeAGoodOne() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(6, new byte[] {0, 0, 0});
            assertEquals(ERR_INVALID, c.optionReply().type(), "shorter than 6 bytes");
            c.option(7, ByteBuffer.allocate(10).putInt(100).array());
            assertEquals(ERR_INVALID, c.optionReply().type(), "name length past the option");
            c.option(7, ByteBuffer.allocate(10).putInt(4).put("disk".getBytes()).putShort((short) 3).array());
            assertEquals(ERR_INVALID, c.optionReply().type(), "3 info requests announced, none present");
            c.option(6, RawNbdClient.infoData("disk"));
            List<RawNbdClient.OptionReply> replies = c.repliesUntilFinal();
            assertEquals(ACK, replies.get(replies.size() - 1).type());
        }
    }

    @Test
    void shouldAnswerGoForAnUnknownExportWithUnknown() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(7, RawNbdClient.infoData("nope", 3));
            RawNbdClient.OptionReply r = c.optionReply();
            assertEquals(ERR_UNKNOWN, r.type());
            assertTrue(r.text().contains("nope"), r.text());
        }
    }

    @Test
    void shouldHangUpOnExportNameForAnUnknownExport() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(1, "nope".getBytes(StandardCharsets.UTF_8));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldPadTheExportNameAnswerOnlyForClientsWithoutNoZeroes() throws Exception {
        try (RawNbdClient c = client()) {
            c.greeting();
            c.clientFlags(1);
            c.option(1, "disk".getBytes(StandardCharsets.UTF_8));
            assertEquals(4L << 20, c.in.readLong());
            assertEquals(0x0d6d, c.in.readUnsignedShort(), "no DF without structured replies");
            c.in.readFully(new byte[124]);
            assertEquals(4096, c.read(0, 4096).length);
        }
        try (RawNbdClient c = client().hello()) {
            c.option(1, "disk".getBytes(StandardCharsets.UTF_8));
            assertEquals(4L << 20, c.in.readLong());
            c.in.readUnsignedShort();
            assertEquals(512, c.read(512, 512).length, "the reply follows at once, with no padding");
        }
    }

    @Test
    void shouldServeExportNameToAClientThatIsNotFixedNewstyle() throws Exception {
        try (RawNbdClient c = client()) {
            c.greeting();
            c.clientFlags(0);
            c.option(1, new byte[0]); // the default export
            assertEquals(4L << 20, c.in.readLong());
            c.in.readUnsignedShort();
            c.in.readFully(new byte[124]);
            c.write(0, new byte[] {9, 9, 9});
            assertArrayEquals(new byte[] {9, 9, 9}, c.read(0, 3));
        }
    }

    @Test
    void shouldGiveGoTheSameInformationAsTheInfoBeforeIt() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(6, RawNbdClient.infoData("disk", 1, 2, 3));
            List<RawNbdClient.OptionReply> info = c.repliesUntilFinal();
            c.option(7, RawNbdClient.infoData("disk", 1, 2, 3));
            List<RawNbdClient.OptionReply> go = c.repliesUntilFinal();
            assertEquals(info.size(), go.size());
            for (int i = 0; i < info.size(); i++) {
                assertArrayEquals(info.get(i).data(), go.get(i).data());
            }
            assertEquals(5, info.size(), "EXPORT, NAME, DESCRIPTION, BLOCK_SIZE, ACK");
            ByteBuffer blockSize = ByteBuffer.wrap(info.get(3).data());
            assertEquals(3, blockSize.getShort());
            assertEquals(1, blockSize.getInt(), "minimum");
            assertEquals(4096, blockSize.getInt(), "preferred");
            assertEquals(32 << 20, blockSize.getInt(), "maximum payload");
            assertEquals("disk", new String(info.get(1).data(), 2, info.get(1).data().length - 2, StandardCharsets.UTF_8));
            assertEquals(4096, c.read(0, 4096).length, "transmission started after GO");
        }
    }

    @Test
    void shouldListAndSelectOnlyBaseAllocation() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(10, RawNbdClient.metaData("disk", "base:allocation"));
            assertEquals(ERR_INVALID, c.optionReply().type(), "contexts need structured replies first");
            c.option(8, new byte[0]);
            assertEquals(ACK, c.optionReply().type());
            c.option(8, new byte[0]);
            assertEquals(ERR_INVALID, c.optionReply().type(), "structured replies twice");
            c.option(9, RawNbdClient.metaData("disk"));
            List<RawNbdClient.OptionReply> all = c.repliesUntilFinal();
            assertEquals(2, all.size());
            assertEquals("base:allocation", new String(all.get(0).data(), 4, all.get(0).data().length - 4));
            c.option(9, RawNbdClient.metaData("disk", "base:", "qemu:dirty-bitmap:x"));
            assertEquals(2, c.repliesUntilFinal().size(), "base: is a wildcard, qemu: is ignored");
            c.option(10, RawNbdClient.metaData("disk", "qemu:allocation-depth", "base:allocation"));
            List<RawNbdClient.OptionReply> set = c.repliesUntilFinal();
            assertEquals(2, set.size());
            assertEquals(4, set.get(0).type());
            assertTrue(ByteBuffer.wrap(set.get(0).data()).getInt() != 0, "a selected context has a non-zero id");
            c.option(10, RawNbdClient.metaData("nope", "base:allocation"));
            assertEquals(ERR_UNKNOWN, c.optionReply().type());
            byte[] truncated = RawNbdClient.metaData("disk", "base:allocation");
            c.option(10, java.util.Arrays.copyOf(truncated, truncated.length - 3));
            assertEquals(ERR_INVALID, c.optionReply().type(), "a query running past the option");
        }
    }

    @Test
    void shouldAcknowledgeAbortAndClose() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(2, new byte[0]);
            assertEquals(ACK, c.optionReply().type());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void shouldAnswerOptionsWithShutdownWhileTheServerCloses() throws Exception {
        try (RawNbdClient c = client().hello()) {
            c.option(3, new byte[0]);
            c.repliesUntilFinal();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (server.connectionCount() > 0 && System.nanoTime() < deadline && !closing.isDone()) {
                c.option(3, new byte[0]);
                RawNbdClient.OptionReply r = c.repliesUntilFinal().get(0);
                if (r.type() == ERR_SHUTDOWN) {
                    closing.join();
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no ERR_SHUTDOWN while the server closed");
        }
    }
}
