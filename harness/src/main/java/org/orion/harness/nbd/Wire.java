package org.orion.harness.nbd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Blocking whole-buffer reads and writes on a socket channel. */
final class Wire {
    private Wire() {
    }

    /** Fills {@code buffer} from its position to its limit, or throws {@link EOFException} if the peer closed. */
    static void readFully(ReadableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new EOFException("the client closed the connection");
            }
        }
    }

    /** Reads and drops {@code bytes} bytes through {@code scratch}. */
    static void skip(ReadableByteChannel channel, ByteBuffer scratch, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), left));
            readFully(channel, scratch);
            left -= scratch.limit();
        }
    }

    static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static int u16(ByteBuffer buffer, int index) {
        return buffer.getShort(index) & 0xffff;
    }

    static long u32(ByteBuffer buffer, int index) {
        return Integer.toUnsignedLong(buffer.getInt(index));
    }
}
