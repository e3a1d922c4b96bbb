package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;

/** Building, starting, changing and stopping the server: addresses, sockets, exports while running. */
class NbdServerTest {
    @TempDir
    Path dir;
    private final TestDevices devices = new TestDevices();

    @AfterEach
    void tearDown() {
        devices.close();
    }

    @Test
    void shouldRefuseANonLoopbackAddressUnlessRemoteClientsAreAllowed() {
        BlockDevice disk = devices.disk(1L << 20);
        OrionException refused = assertThrows(OrionException.class,
                () -> NbdServer.builder().tcp("0.0.0.0", 0).export("d", disk, false, "").build());
        assertEquals(ErrorCode.UNSAFE, refused.code());
        assertTrue(refused.getMessage().contains("not a loopback address"), refused.getMessage());
        assertTrue(refused.getMessage().contains("listen on 127.0.0.1"), refused.getMessage());
        NbdServer.builder().tcp("0.0.0.0", 0).allowRemote(true).export("d", disk, false, "").build().close();
        NbdServer.builder().tcp("::1", 0).export("d", disk, false, "").build().close();
    }

    @Test
    void shouldListenOnAnEphemeralPortAndAUnixSocketAndRemoveTheSocketOnClose() throws Exception {
        Path socket = dir.resolve("nbd.sock");
        NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).unix(socket)
                .export("d", devices.disk(1L << 20), false, "").build().start();
        assertTrue(server.boundPort() > 0);
        assertEquals(socket, server.unixSocket().orElseThrow());
        assertTrue(Files.exists(socket));
        try (RawNbdClient c = new RawNbdClient(server.boundPort()).go("d", true, false)) {
            assertEquals(1L << 20, c.exportSize);
        }
        server.close();
        assertFalse(Files.exists(socket));
        server.close(); // idempotent
    }

    @Test
    void shouldReplaceAStaleUnixSocketButRefuseALiveOneOrAPlainFile() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        } // closed, but the file stays: what a crashed server leaves
        assertTrue(Files.exists(socket));
        try (NbdServer first = NbdServer.builder().unix(socket).export("d", devices.disk(1L << 20), false, "").build()
                .start()) {
            OrionException inUse = assertThrows(OrionException.class,
                    () -> NbdServer.builder().unix(socket).export("d", devices.disk(1L << 20), false, "").build().start());
            assertEquals(ErrorCode.CONFLICT, inUse.code());
            assertTrue(inUse.getMessage().contains("another server answers there"), inUse.getMessage());
        }
        Path plain = Files.writeString(dir.resolve("notes.txt"), "keep me");
        OrionException notSocket = assertThrows(OrionException.class,
                () -> NbdServer.builder().unix(plain).export("d", devices.disk(1L << 20), false, "").build().start());
        assertTrue(notSocket.getMessage().contains("not a socket"), notSocket.getMessage());
        assertEquals("keep me", Files.readString(plain));
    }

    @Test
    void shouldRefuseATcpPortInUse() {
        try (NbdServer first = NbdServer.builder().tcp("127.0.0.1", 0).export("d", devices.disk(1L << 20), false, "")
                .build().start()) {
            OrionException clash = assertThrows(OrionException.class, () -> NbdServer.builder()
                    .tcp("127.0.0.1", first.boundPort()).export("d", devices.disk(1L << 20), false, "").build().start());
            assertEquals(ErrorCode.CONFLICT, clash.code());
        }
    }

    @Test
    void shouldRefuseDuplicateExportNamesAndAnUnknownDefault() {
        BlockDevice disk = devices.disk(1L << 20);
        OrionException duplicate = assertThrows(OrionException.class,
                () -> NbdServer.builder().export("d", disk, false, "").export("d", disk, true, "").build());
        assertEquals(ErrorCode.CONFLICT, duplicate.code());
        OrionException unknown = assertThrows(OrionException.class,
                () -> NbdServer.builder().export("d", disk, false, "").defaultExport("x").build());
        assertEquals(ErrorCode.USAGE, unknown.code());
        assertThrows(IllegalArgumentException.class, () -> new NbdExport("", disk, false, ""));
    }

    @Test
    void shouldServeTheNamedDefaultExportToClientsAskingForTheEmptyName() throws Exception {
        try (NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).export("a", devices.disk(1L << 20), false, "")
                .export("b", devices.disk(2L << 20), false, "").defaultExport("b").build().start();
             RawNbdClient c = new RawNbdClient(server.boundPort()).go("", false, false)) {
            assertEquals(2L << 20, c.exportSize);
        }
    }

    @Test
    void shouldAddAndRemoveExportsWhileRunningAndEndTheClientsOfARemovedOne() throws Exception {
        try (NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).shutdownGrace(Duration.ofMillis(200))
                .export("a", devices.disk(1L << 20), false, "").build().start()) {
            server.addExport(new NbdExport("b", devices.disk(2L << 20), true, "added later"));
            assertEquals(List.of("a", "b"), server.exports().stream().map(NbdExport::name).toList());
            try (RawNbdClient b = new RawNbdClient(server.boundPort()).go("b", false, false);
                 RawNbdClient a = new RawNbdClient(server.boundPort()).go("a", false, false)) {
                assertEquals(2L << 20, b.exportSize);
                a.write(0, new byte[] {1});
                assertTrue(server.removeExport("a"));
                assertTrue(a.closedByServer(), "the removed export's client was disconnected");
                assertEquals(512, b.read(0, 512).length, "other exports keep serving");
            }
            assertFalse(server.removeExport("a"));
            try (RawNbdClient c = new RawNbdClient(server.boundPort()).hello()) {
                c.option(7, RawNbdClient.infoData("a", 3));
                assertEquals(0x80000006, c.optionReply().type(), "ERR_UNKNOWN");
            }
        }
    }
}
