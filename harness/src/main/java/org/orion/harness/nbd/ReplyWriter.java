package org.orion.harness.nbd;

import static org.orion.harness.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Encodes replies and writes them to the socket: the single writer of a connection's transmission
 * phase, so one reply's bytes are never interleaved with another's.
 *
 * <p>Small replies are gathered in a staging buffer and sent together when the loop has nothing
 * more queued (or the buffer is full); a large READ payload is sent with a gathering write straight
 * from its data buffer, after whatever is staged.
 *
 * <pre>
 * Shapes used (structured replies only when negotiated):
 *   simple        u32 0x67446698 | u32 error | u64 cookie | [READ data]
 *   OFFSET_DATA   chunk(DONE, type 1, len 8+n)  | u64 offset | data[n]        READ that succeeded
 *   NONE          chunk(DONE, type 0, len 0)                                 zero-length READ
 *   BLOCK_STATUS  chunk(DONE, type 5, len 12)   | u32 context id | u32 extent length | u32 flags 0
 *   ERROR         chunk(DONE, type 0x8001, len 6+m) | u32 error | u16 m | message[m]
 *   chunk(...)  = u32 0x668e33ef | u16 flags | u16 type | u64 cookie | u32 length
 * </pre>
 * BLOCK_STATUS always reports one extent covering the request with flags 0 (allocated, contents
 * unknown): a block device cannot tell holes, and a wrong HOLE or ZERO flag would make nbdcopy and
 * qemu-img skip data. Successful commands other than READ and BLOCK_STATUS get a simple reply,
 * which the spec allows even with structured replies.
 *
 * <p>Threads: the connection loop only.
 */
final class ReplyWriter {
    private static final int STAGING_BYTES = 256 * 1024;
    private static final byte[] NO_MESSAGE = new byte[0];

    private final GatheringByteChannel channel;
    private final ByteBuffer staging = ByteBuffer.allocateDirect(STAGING_BYTES);
    private final ByteBuffer[] gather = new ByteBuffer[2];
    private boolean structuredReplies;
    private boolean broken;

    ReplyWriter(GatheringByteChannel channel) {
        this.channel = channel;
    }

    void structuredReplies(boolean on) {
        this.structuredReplies = on;
    }

    /** True once a write failed: later replies are dropped (the connection is going away). */
    boolean isBroken() {
        return broken;
    }

    /** Encodes the reply of a finished exchange; may write to the socket. */
    void reply(Exchange ex) {
        if (broken) {
            return;
        }
        try {
            if (ex.errno != 0) {
                error(ex);
            } else if (ex.command == CMD_READ) {
                read(ex);
            } else if (ex.command == CMD_BLOCK_STATUS) {
                room(CHUNK_HEADER_BYTES + 12);
                chunk(ex.cookie, CHUNK_BLOCK_STATUS, 12);
                staging.putInt(ex.metaContextId).putInt((int) ex.lengthBytes).putInt(0);
            } else {
                simple(ex.cookie, 0);
            }
        } catch (IOException e) {
            broken = true;
        }
    }

    /** Sends what is staged. */
    void flush() {
        if (broken || staging.position() == 0) {
            return;
        }
        try {
            staging.flip();
            Wire.writeFully(channel, staging);
        } catch (IOException e) {
            broken = true;
        } finally {
            staging.clear();
        }
    }

    private void read(Exchange ex) throws IOException {
        int length = (int) ex.lengthBytes;
        if (!structuredReplies) {
            room(SIMPLE_REPLY_HEADER_BYTES);
            staging.putInt(SIMPLE_REPLY_MAGIC).putInt(0).putLong(ex.cookie);
        } else if (length == 0) {
            room(CHUNK_HEADER_BYTES);
            chunk(ex.cookie, CHUNK_NONE, 0);
            return;
        } else {
            room(CHUNK_HEADER_BYTES + 8);
            chunk(ex.cookie, CHUNK_OFFSET_DATA, 8 + length);
            staging.putLong(ex.offsetBytes);
        }
        if (length == 0) {
            return;
        }
        ByteBuffer data = ex.buffer;
        data.limit(ex.dataOffset + length).position(ex.dataOffset);
        if (length <= staging.remaining()) {
            staging.put(data);
            return;
        }
        staging.flip();
        gather[0] = staging;
        gather[1] = data;
        try {
            while (data.hasRemaining()) {
                channel.write(gather);
            }
        } finally {
            gather[0] = null;
            gather[1] = null;
            staging.clear();
        }
    }

    private void error(Exchange ex) throws IOException {
        byte[] message = ex.message == null ? NO_MESSAGE : ex.message;
        int messageLength = Math.min(message.length, 1024);
        boolean chunk = structuredReplies;
        if (chunk) {
            room(CHUNK_HEADER_BYTES + 6 + messageLength);
            chunk(ex.cookie, CHUNK_ERROR, 6 + messageLength);
            staging.putInt(ex.errno).putShort((short) messageLength).put(message, 0, messageLength);
        } else {
            simple(ex.cookie, ex.errno);
        }
    }

    private void simple(long cookie, int errno) throws IOException {
        room(SIMPLE_REPLY_HEADER_BYTES);
        staging.putInt(SIMPLE_REPLY_MAGIC).putInt(errno).putLong(cookie);
    }

    private void chunk(long cookie, int type, int payloadBytes) {
        staging.putInt(STRUCTURED_REPLY_MAGIC).putShort((short) CHUNK_FLAG_DONE).putShort((short) type)
                .putLong(cookie).putInt(payloadBytes);
    }

    /** Makes sure {@code bytes} fit in the staging buffer, sending what is staged if not. */
    private void room(int bytes) throws IOException {
        if (staging.remaining() < bytes) {
            staging.flip();
            try {
                Wire.writeFully(channel, staging);
            } finally {
                staging.clear();
            }
        }
    }
}
