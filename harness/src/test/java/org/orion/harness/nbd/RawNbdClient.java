package org.orion.harness.nbd;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level NBD client over a plain socket, for probing the server with well-formed and
 * malformed messages. It is not a client under test: real clients are run as programs.
 */
public final class RawNbdClient implements AutoCloseable {
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long REPLY_MAGIC = 0x0003e889045565a9L;

    private final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    long exportSize;
    int transmissionFlags;
    boolean structured;

    record OptionReply(int option, int type, byte[] data) {
        boolean isError() {
            return type < 0;
        }

        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    record Reply(int errno, long cookie, byte[] data) {
    }

    record Chunk(int flags, int type, long cookie, byte[] payload) {
        ByteBuffer body() {
            return ByteBuffer.wrap(payload);
        }
    }

    public RawNbdClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Reads the 18-byte greeting; returns the handshake flags. */
    public int greeting() throws IOException {
        if (in.readLong() != 0x4e42444d41474943L || in.readLong() != IHAVEOPT) {
            throw new IOException("bad greeting");
        }
        return in.readUnsignedShort();
    }

    public void clientFlags(int flags) throws IOException {
        out.writeInt(flags);
        out.flush();
    }

    /** Greeting plus client flags FIXED_NEWSTYLE | NO_ZEROES. */
    public RawNbdClient hello() throws IOException {
        greeting();
        clientFlags(3);
        return this;
    }

    void option(int option, byte[] data) throws IOException {
        out.writeLong(IHAVEOPT);
        out.writeInt(option);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    OptionReply optionReply() throws IOException {
        long magic = in.readLong();
        if (magic != REPLY_MAGIC) {
            throw new IOException("bad option reply magic " + Long.toHexString(magic));
        }
        int option = in.readInt();
        int type = in.readInt();
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        return new OptionReply(option, type, data);
    }

    /** Replies up to and including the final one (ACK or an error). */
    List<OptionReply> repliesUntilFinal() throws IOException {
        List<OptionReply> replies = new ArrayList<>();
        for (;;) {
            OptionReply r = optionReply();
            replies.add(r);
            if (r.type() == 1 || r.isError()) {
                return replies;
            }
        }
    }

    static byte[] infoData(String name, int... infos) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + 2 * infos.length).putInt(n.length).put(n)
                .putShort((short) infos.length);
        for (int info : infos) {
            b.putShort((short) info);
        }
        return b.array();
    }

    static byte[] metaData(String name, String... queries) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int size = 8 + n.length;
        for (String q : queries) {
            size += 4 + q.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(n.length).put(n).putInt(queries.length);
        for (String q : queries) {
            byte[] qb = q.getBytes(StandardCharsets.UTF_8);
            b.putInt(qb.length).put(qb);
        }
        return b.array();
    }

    /** Full handshake to transmission: optional structured replies and base:allocation, then GO. */
    public RawNbdClient go(String export, boolean structuredReplies, boolean baseAllocation) throws IOException {
        hello();
        if (structuredReplies) {
            option(8, new byte[0]);
            expectAck(optionReply());
            structured = true;
        }
        if (baseAllocation) {
            option(10, metaData(export, "base:allocation"));
            List<OptionReply> replies = repliesUntilFinal();
            expectAck(replies.get(replies.size() - 1));
        }
        option(7, infoData(export, 3));
        for (OptionReply r : repliesUntilFinal()) {
            if (r.isError()) {
                throw new IOException("GO failed: " + r.type() + " " + r.text());
            }
            ByteBuffer d = ByteBuffer.wrap(r.data());
            if (r.type() == 3 && d.getShort(0) == 0) {
                exportSize = d.getLong(2);
                transmissionFlags = d.getShort(10) & 0xffff;
            }
        }
        return this;
    }

    private static void expectAck(OptionReply r) throws IOException {
        if (r.type() != 1) {
            throw new IOException("expected ACK, got " + r.type() + " " + r.text());
        }
    }

    public void request(int flags, int type, long cookie, long offset, long length, byte[] payload) throws IOException {
        out.writeInt(0x25609513);
        out.writeShort(flags);
        out.writeShort(type);
        out.writeLong(cookie);
        out.writeLong(offset);
        out.writeInt((int) length);
        if (payload != null) {
            out.write(payload);
        }
        out.flush();
    }

    /** A simple reply; reads {@code dataBytes} of data after it when it reports success. */
    Reply simpleReply(int dataBytes) throws IOException {
        int magic = in.readInt();
        if (magic != 0x67446698) {
            throw new IOException("expected a simple reply, got magic " + Integer.toHexString(magic));
        }
        int errno = in.readInt();
        long cookie = in.readLong();
        byte[] data = new byte[errno == 0 ? dataBytes : 0];
        in.readFully(data);
        return new Reply(errno, cookie, data);
    }

    /** One reply of either kind; for structured READ it collects the chunks up to DONE. */
    Reply reply(int readBytes) throws IOException {
        int magic = in.readInt();
        if (magic == 0x67446698) {
            int errno = in.readInt();
            long cookie = in.readLong();
            // With structured replies a simple reply is never a READ's, so it carries no data.
            byte[] data = new byte[errno == 0 && !structured ? readBytes : 0];
            in.readFully(data);
            return new Reply(errno, cookie, data);
        }
        if (magic != 0x668e33ef) {
            throw new IOException("bad reply magic " + Integer.toHexString(magic));
        }
        byte[] data = new byte[readBytes];
        int errno = 0;
        long cookie;
        Chunk c = chunkAfterMagic();
        for (;;) {
            cookie = c.cookie();
            if (c.type() == 1) {
                ByteBuffer b = c.body();
                long offset = b.getLong();
                b.get(data, 0, Math.min(data.length, b.remaining()));
                if (offset < 0) {
                    throw new IOException("negative offset");
                }
            } else if (c.type() == 0x8001 || c.type() == 0x8002) {
                errno = c.body().getInt();
            }
            if ((c.flags() & 1) != 0) {
                break;
            }
            c = chunk();
        }
        return new Reply(errno, cookie, errno == 0 ? data : new byte[0]);
    }

    Chunk chunk() throws IOException {
        int magic = in.readInt();
        if (magic != 0x668e33ef) {
            throw new IOException("expected a structured chunk, got magic " + Integer.toHexString(magic));
        }
        return chunkAfterMagic();
    }

    private Chunk chunkAfterMagic() throws IOException {
        int flags = in.readUnsignedShort();
        int type = in.readUnsignedShort();
        long cookie = in.readLong();
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new Chunk(flags, type, cookie, payload);
    }

    /** True if the server closed the connection (EOF) within the socket timeout, with nothing sent first. */
    public boolean closedByServer() throws IOException {
        try {
            InputStream raw = socket.getInputStream();
            return raw.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    public byte[] read(long offset, int length) throws IOException {
        request(0, 0, 0xabcL, offset, length, null);
        Reply r = reply(length);
        if (r.errno() != 0) {
            throw new IOException("read failed with errno " + r.errno());
        }
        return r.data();
    }

    public void write(long offset, byte[] data) throws IOException {
        request(0, 1, 0xdefL, offset, data.length, data);
        Reply r = reply(0);
        if (r.errno() != 0) {
            throw new IOException("write failed with errno " + r.errno());
        }
    }

    void disconnect() throws IOException {
        request(0, 2, 0, 0, 0, null);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static void expectEof(DataInputStream in) throws IOException {
        try {
            in.readByte();
            throw new AssertionError("expected the server to close the connection");
        } catch (EOFException expected) {
            // closed
        }
    }
}
