package org.orion.harness.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The smallest NBD client that reads an export: fixed newstyle, NBD_OPT_GO without info requests,
 * simple replies (structured replies are never asked for), READ and DISC. {@code orion demo} uses it
 * to prove its export over the wire when no real client (nbdcopy) is installed. It speaks the
 * protocol from the client side on purpose, independently of the server's classes, so a server bug
 * cannot cancel itself out. Not thread-safe; one request at a time.
 *
 * <pre>
 *   S: "NBDMAGIC" "IHAVEOPT" u16 flags        C: u32 flags (FIXED_NEWSTYLE | NO_ZEROES)
 *   C: "IHAVEOPT" u32 7 (GO) u32 len  u32 namelen name u16 0
 *   S: u64 0x3e889045565a9 u32 7 u32 type u32 len data   ... until type 1 (ACK) or an error (bit 31)
 *   C: u32 0x25609513 u16 0 u16 0 (READ) u64 cookie u64 offset u32 length
 *   S: u32 0x67446698 u32 error u64 cookie  [length bytes when error == 0]
 * </pre>
 */
final class NbdReader implements AutoCloseable {
    private static final long NBDMAGIC = 0x4e42444d41474943L;
    private static final long IHAVEOPT = 0x49484156454F5054L;
    private static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    private static final int REQUEST_MAGIC = 0x25609513;
    private static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    private static final int OPT_GO = 7;
    private static final int REP_ACK = 1;
    private static final int REP_INFO = 3;
    private static final int INFO_EXPORT = 0;
    private static final int CMD_READ = 0;
    private static final int CMD_DISC = 2;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private long sizeBytes = -1;
    private long cookie;

    NbdReader(String host, int port, String export) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        try {
            handshake(export);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void handshake(String export) throws IOException {
        if (in.readLong() != NBDMAGIC || in.readLong() != IHAVEOPT) {
            throw new IOException("not an NBD newstyle server (bad greeting)");
        }
        int serverFlags = in.readUnsignedShort();
        if ((serverFlags & 1) == 0) {
            throw new IOException("the server does not speak fixed newstyle");
        }
        out.writeInt(1 | (serverFlags & 2)); // FIXED_NEWSTYLE, and NO_ZEROES only if it was offered
        byte[] name = export.getBytes(StandardCharsets.UTF_8);
        out.writeLong(IHAVEOPT);
        out.writeInt(OPT_GO);
        out.writeInt(4 + name.length + 2);
        out.writeInt(name.length);
        out.write(name);
        out.writeShort(0); // no info requests: NBD_INFO_EXPORT comes anyway
        out.flush();
        for (;;) {
            if (in.readLong() != OPTION_REPLY_MAGIC) {
                throw new IOException("bad option reply magic");
            }
            in.readInt(); // the option, echoed
            int type = in.readInt();
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            if (type < 0) {
                throw new IOException("the server refused export '" + export + "' (error 0x" + Integer.toHexString(type)
                        + "): " + new String(data, StandardCharsets.UTF_8));
            }
            if (type == REP_INFO && data.length >= 12 && ((data[0] << 8) | (data[1] & 0xff)) == INFO_EXPORT) {
                sizeBytes = java.nio.ByteBuffer.wrap(data, 2, 8).getLong();
            }
            if (type == REP_ACK) {
                break;
            }
        }
        if (sizeBytes < 0) {
            throw new IOException("the server acknowledged GO without NBD_INFO_EXPORT");
        }
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** Reads {@code lengthBytes} at {@code offsetBytes} into {@code into[0..lengthBytes)}. */
    void read(long offsetBytes, byte[] into, int lengthBytes) throws IOException {
        long mine = ++cookie;
        request(CMD_READ, mine, offsetBytes, lengthBytes);
        if (in.readInt() != SIMPLE_REPLY_MAGIC) {
            throw new IOException("expected a simple reply");
        }
        int error = in.readInt();
        if (in.readLong() != mine) {
            throw new IOException("reply for another request");
        }
        if (error != 0) {
            throw new IOException("READ of " + lengthBytes + " bytes at " + offsetBytes + " failed with NBD error " + error);
        }
        in.readFully(into, 0, lengthBytes);
    }

    private void request(int type, long cookieValue, long offsetBytes, int lengthBytes) throws IOException {
        out.writeInt(REQUEST_MAGIC);
        out.writeShort(0);
        out.writeShort(type);
        out.writeLong(cookieValue);
        out.writeLong(offsetBytes);
        out.writeInt(lengthBytes);
        out.flush();
    }

    /** Soft disconnect (NBD_CMD_DISC), then closes the socket. */
    @Override
    public void close() throws IOException {
        try {
            request(CMD_DISC, 0, 0, 0);
        } finally {
            socket.close();
        }
    }
}
