package org.orion.harness.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.nbd.RawNbdClient;

/**
 * A smoke test of bad input against the serve process (the full set of malformed-message cases runs
 * in-process in {@code org.orion.harness.nbd}): a bad option magic and a bad request magic each end
 * that connection with no reply, as the spec allows for a MUST violation, and the kernel goes on
 * serving other clients with its data intact.
 */
@Tag("serve")
class ServeBadMagicTest {
    private static final long NBDMAGIC = 0x4e42444d41474943L;
    private static final long IHAVEOPT = 0x49484156454F5054L;

    @TempDir
    Path dir;
    private ServeProcess serve;

    @BeforeEach
    void startServe() throws Exception {
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(16L << 20), dir);
    }

    @AfterEach
    void stopServe() throws Exception {
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void shouldDropAConnectionWithABadMagicAndKeepServingEveryoneElse() throws Exception {
        byte[] data = new byte[12345];
        new SplittableRandom(17).nextBytes(data);
        try (RawNbdClient before = new RawNbdClient(serve.port()).go("md0", true, false)) {
            before.write(4097, data);
        }

        try (Socket s = handshakeSocket()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeLong(0x0123456789abcdefL); // not IHAVEOPT
            out.writeInt(7);
            out.writeInt(0);
            out.flush();
            expectHangUp(s, "a bad option magic");
        }

        try (Socket s = handshakeSocket()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] name = "md0".getBytes(StandardCharsets.UTF_8);
            out.writeLong(IHAVEOPT);
            out.writeInt(1); // NBD_OPT_EXPORT_NAME: transmission starts right after the export info
            out.writeInt(name.length);
            out.write(name);
            out.flush();
            long size = in.readLong();
            in.readUnsignedShort(); // transmission flags; NO_ZEROES was agreed, so no padding follows
            assertTrue(size > 0, "export size " + size);
            out.writeInt(0x25609514); // the nbd-server log magic, one off the request magic
            out.writeShort(0);
            out.writeShort(0);
            out.writeLong(1);
            out.writeLong(0);
            out.writeInt(512);
            out.flush();
            expectHangUp(s, "a bad request magic");
        }

        assertTrue(serve.isAlive(), "orion serve died:\n" + ServeProcess.tail(serve.log()));
        try (RawNbdClient after = new RawNbdClient(serve.port()).go("md0", true, false)) {
            assertArrayEquals(data, after.read(4097, data.length));
        }
        assertEquals(0, serve.cli("mdstat").status());
    }

    /** Greeting read, client flags FIXED_NEWSTYLE | NO_ZEROES sent: the next bytes are an option. */
    private Socket handshakeSocket() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", serve.port()), 5000);
        s.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        assertEquals(NBDMAGIC, in.readLong());
        assertEquals(IHAVEOPT, in.readLong());
        in.readUnsignedShort();
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(3);
        out.flush();
        return s;
    }

    /** The server closes (EOF or reset) without sending anything, within the socket timeout. */
    private static void expectHangUp(Socket s, String after) throws IOException {
        try {
            int b = s.getInputStream().read();
            assertEquals(-1, b, "the server answered " + after + " instead of hanging up");
        } catch (EOFException | java.net.SocketException closed) {
            // reset by the server: also a hang-up
        }
    }
}
