package org.orion.harness.nbd;

import static org.orion.harness.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.BooleanSupplier;
import org.orion.driver.api.block.BlockDevice;

/**
 * The transmission phase on the connection's reader thread: reads request headers and payloads,
 * checks them ({@link CommandRules}), and starts the accepted ones on the device, many at once.
 *
 * <p>The stream is read ahead ({@link InboundStream}): one system call takes in a burst of headers.
 * Payloads are read straight into the pooled buffer at the place the device write needs them,
 * and a refused WRITE's payload is still read (and dropped) so the stream stays in step. Once the
 * connection shuts down, every new request is answered ESHUTDOWN (a client that gets it must send
 * DISC), while requests already started finish normally.
 *
 * <p>Threads: the reader thread; it hands every exchange to the {@link ConnectionLoop} either
 * through a device completion or directly, and never touches it after that.
 */
final class RequestReader {
    static final byte[] MSG_SHUTDOWN = Exchange.bytes("the server is shutting down");

    /** How the transmission phase ended. */
    enum End {
        /** The client sent NBD_CMD_DISC: finish what is in flight, then close. */
        DISCONNECT,
        /** The client closed the socket (or it broke): drop replies, let device work finish. */
        CLOSED,
        /** A MUST violation: close at once. */
        BAD_MAGIC,
        /** The server closed the connection (shutdown, export removed). */
        STOPPED
    }

    private final InboundStream in;
    private final Session session;
    private final ExchangePool exchanges;
    private final BufferPool buffers;
    private final ConnectionLoop loop;
    private final BooleanSupplier shuttingDown;
    private final ByteBuffer header = ByteBuffer.allocateDirect(REQUEST_HEADER_BYTES);
    private final BlockDevice device;
    private final int blockBytes;
    private int badMagic;

    RequestReader(ReadableByteChannel channel, Session session, ExchangePool exchanges, BufferPool buffers,
                  ConnectionLoop loop, BooleanSupplier shuttingDown) {
        this.in = new InboundStream(channel);
        this.session = session;
        this.exchanges = exchanges;
        this.buffers = buffers;
        this.loop = loop;
        this.shuttingDown = shuttingDown;
        this.device = session.export().export.device();
        this.blockBytes = device.info().logicalBlockBytes();
    }

    /** The magic of the last request if it was bad, for the log line. */
    int badMagic() {
        return badMagic;
    }

    /** Reads and starts requests until the client disconnects or the connection is closed. */
    End run() throws IOException {
        for (;;) {
            header.clear();
            in.readFully(header);
            int magic = header.getInt(0);
            if (magic != REQUEST_MAGIC) {
                badMagic = magic;
                return End.BAD_MAGIC;
            }
            int flags = Wire.u16(header, 4);
            int command = Wire.u16(header, 6);
            long cookie = header.getLong(8);
            long offset = header.getLong(16);
            long length = Wire.u32(header, 24);
            if (command == CMD_DISC) {
                return End.DISCONNECT;
            }
            Exchange ex = exchanges.take();
            if (ex == null) {
                return End.STOPPED;
            }
            ex.begin(cookie, command, flags, offset, length);
            if (!start(ex)) {
                exchanges.give(ex);
                return End.STOPPED;
            }
        }
    }

    /** Reads the payload (if any) and starts the request; false if the buffer pool was closed. */
    private boolean start(Exchange ex) throws IOException {
        int verdict = CommandRules.check(ex, session);
        if (ex.errno == 0 && shuttingDown.getAsBoolean()) {
            ex.fail(ESHUTDOWN, MSG_SHUTDOWN);
            verdict = CommandRules.ANSWER_NOW;
        }
        long payload = ex.command == CMD_WRITE ? ex.lengthBytes : 0;
        if (verdict == CommandRules.ANSWER_NOW) {
            try {
                in.skip(payload);
            } catch (IOException e) {
                exchanges.give(ex);
                throw e;
            }
            loop.wake(ex);
            return true;
        }
        int bufferBytes = Exchange.bufferBytesFor(ex.command, ex.offsetBytes, ex.lengthBytes, blockBytes);
        if (bufferBytes > 0) {
            ex.buffer = buffers.take(bufferBytes);
            if (ex.buffer == null) {
                return false;
            }
        }
        if (payload > 0) {
            ex.dataOffset = Exchange.dataOffsetFor(ex.offsetBytes, blockBytes);
            ByteBuffer target = ex.buffer;
            target.limit(ex.dataOffset + (int) payload).position(ex.dataOffset);
            try {
                in.readFully(target);
                target.clear(); // devices address buffers absolutely, but some check the limit
            } catch (IOException e) {
                buffers.give(ex.buffer.clear());
                ex.buffer = null;
                exchanges.give(ex);
                throw e;
            }
        }
        ex.plan(device, session.export().locks);
        int outcome = ex.advance();
        if (outcome == Exchange.REFUSED_BUSY || outcome == Exchange.READY_TO_REPLY) {
            loop.wake(ex); // the loop retries after BUSY, or sends the reply
        }
        return true;
    }
}
