package org.orion.harness.nbd;

import static org.orion.harness.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * The fixed-newstyle option phase of one connection, from the greeting to GO or EXPORT_NAME.
 *
 * <p>Supported: EXPORT_NAME, ABORT, LIST, INFO, GO, STRUCTURED_REPLY, LIST_META_CONTEXT and
 * SET_META_CONTEXT (only {@code base:allocation}). Everything else, including STARTTLS and
 * EXTENDED_HEADERS, gets ERR_UNSUP, so clients fall back to what every server speaks. Malformed
 * options get ERR_INVALID and the client may try again; only MUST violations (bad magic, unknown
 * client flags, an absurd length, an unknown export after EXPORT_NAME, which has no error reply)
 * end the connection. While the server shuts down every option but ABORT gets ERR_SHUTDOWN.
 *
 * <p>Threads: the connection's reader thread, before the loop thread exists.
 */
final class Handshake {
    private static final byte[] ZERO_PADDING = new byte[EXPORT_NAME_PADDING_BYTES];

    private final ByteChannel channel;
    private final ExportRegistry exports;
    private final BooleanSupplier shuttingDown;
    private final ByteBuffer header = ByteBuffer.allocate(16);
    private final ByteBuffer data = ByteBuffer.allocate(MAX_OPTION_BYTES);
    private final ByteBuffer out = ByteBuffer.allocate(MAX_OPTION_BYTES + 64);

    private boolean fixedNewstyle;
    private boolean noZeroes;
    private boolean structuredReplies;
    /** The export whose base:allocation context is selected, or null. */
    private String metaContextExport;

    Handshake(ByteChannel channel, ExportRegistry exports, BooleanSupplier shuttingDown) {
        this.channel = channel;
        this.exports = exports;
        this.shuttingDown = shuttingDown;
    }

    /**
     * Runs the option phase.
     *
     * @return the session to serve, or null if the client ended the phase with ABORT
     * @throws HardDisconnect if the client broke a MUST; the caller closes without a word
     */
    Session run() throws IOException, HardDisconnect {
        out.clear().putLong(NBDMAGIC).putLong(IHAVEOPT).putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES));
        Wire.writeFully(channel, out.flip());
        ByteBuffer flags = ByteBuffer.allocate(4);
        Wire.readFully(channel, flags);
        int clientFlags = flags.getInt(0);
        if ((clientFlags & ~KNOWN_CLIENT_FLAGS) != 0) {
            throw new HardDisconnect("unknown client handshake flags 0x" + Integer.toHexString(clientFlags));
        }
        fixedNewstyle = (clientFlags & CLIENT_FLAG_FIXED_NEWSTYLE) != 0;
        noZeroes = (clientFlags & CLIENT_FLAG_NO_ZEROES) != 0;
        for (int count = 0; count < MAX_OPTIONS_PER_CONNECTION; count++) {
            header.clear();
            Wire.readFully(channel, header);
            if (header.getLong(0) != IHAVEOPT) {
                throw new HardDisconnect("bad option magic 0x" + Long.toHexString(header.getLong(0)));
            }
            int option = header.getInt(8);
            long length = Wire.u32(header, 12);
            if (length > MAX_OPTION_BYTES) {
                throw new HardDisconnect("option " + option + " with an absurd length of " + length + " bytes");
            }
            data.clear().limit((int) length);
            Wire.readFully(channel, data);
            data.flip();
            if (!fixedNewstyle && option != OPT_EXPORT_NAME) {
                throw new HardDisconnect("option " + option + " from a client that did not agree to fixed newstyle");
            }
            Session session = option(option);
            if (session != null || option == OPT_ABORT) {
                return session;
            }
        }
        throw new HardDisconnect("more than " + MAX_OPTIONS_PER_CONNECTION + " options");
    }

    /** Answers one option; returns a session when transmission starts. */
    private Session option(int option) throws IOException, HardDisconnect {
        if (option == OPT_ABORT) {
            try {
                out.clear();
                reply(option, REP_ACK);
            } catch (IOException e) {
                // clients may close right after ABORT without reading the ACK; that is allowed
            }
            return null;
        }
        if (option == OPT_EXPORT_NAME) {
            return exportName();
        }
        if (shuttingDown.getAsBoolean()) {
            error(option, REP_ERR_SHUTDOWN, "the server is shutting down");
            return null;
        }
        switch (option) {
            case OPT_LIST -> list();
            case OPT_INFO, OPT_GO -> {
                return infoOrGo(option);
            }
            case OPT_STRUCTURED_REPLY -> structuredReply();
            case OPT_LIST_META_CONTEXT, OPT_SET_META_CONTEXT -> metaContext(option);
            case OPT_STARTTLS, OPT_EXTENDED_HEADERS -> {
                if (data.hasRemaining()) {
                    error(option, REP_ERR_INVALID, "this option carries no data");
                } else {
                    error(option, REP_ERR_UNSUP, option == OPT_STARTTLS ? "TLS is not supported"
                            : "extended headers are not supported");
                }
            }
            default -> error(option, REP_ERR_UNSUP, "option " + option + " is not supported");
        }
        return null;
    }

    private Session exportName() throws IOException, HardDisconnect {
        if (data.remaining() > MAX_STRING_BYTES) {
            throw new HardDisconnect("EXPORT_NAME with a " + data.remaining() + "-byte name");
        }
        String name = StandardCharsets.UTF_8.decode(data).toString();
        if (shuttingDown.getAsBoolean()) {
            throw new HardDisconnect("EXPORT_NAME while the server shuts down");
        }
        LiveExport export = exports.find(name);
        if (export == null) {
            throw new HardDisconnect("EXPORT_NAME for unknown export '" + name + "'");
        }
        int transmissionFlags = export.transmissionFlags(structuredReplies);
        out.clear().putLong(export.info().capacityBytes()).putShort((short) transmissionFlags);
        if (!noZeroes) {
            out.put(ZERO_PADDING);
        }
        Wire.writeFully(channel, out.flip());
        return session(export, transmissionFlags);
    }

    private Session infoOrGo(int option) throws IOException {
        if (data.remaining() < 6) {
            error(option, REP_ERR_INVALID, "INFO/GO data is shorter than 6 bytes");
            return null;
        }
        long nameLength = Integer.toUnsignedLong(data.getInt());
        if (nameLength > data.remaining() - 2) {
            error(option, REP_ERR_INVALID, "the export name length runs past the option");
            return null;
        }
        if (nameLength > MAX_STRING_BYTES) {
            error(option, REP_ERR_INVALID, "the export name is longer than " + MAX_STRING_BYTES + " bytes");
            return null;
        }
        String name = string((int) nameLength);
        int infoCount = data.getShort() & 0xffff;
        if (data.remaining() != 2 * infoCount) {
            error(option, REP_ERR_INVALID, "the information request count does not match the option length");
            return null;
        }
        boolean wantName = false;
        boolean wantDescription = false;
        while (data.hasRemaining()) {
            int info = data.getShort() & 0xffff;
            wantName |= info == INFO_NAME;
            wantDescription |= info == INFO_DESCRIPTION;
        }
        LiveExport export = exports.find(name);
        if (export == null) {
            error(option, REP_ERR_UNKNOWN, "no export named '" + name + "': 'nbdinfo --list' shows the exports");
            return null;
        }
        int transmissionFlags = export.transmissionFlags(structuredReplies);
        out.clear().putShort((short) INFO_EXPORT).putLong(export.info().capacityBytes()).putShort((short) transmissionFlags);
        reply(option, REP_INFO);
        if (wantName) {
            out.clear().putShort((short) INFO_NAME).put(export.name().getBytes(StandardCharsets.UTF_8));
            reply(option, REP_INFO);
        }
        if (wantDescription && !export.export.description().isEmpty()) {
            out.clear().putShort((short) INFO_DESCRIPTION).put(export.export.description().getBytes(StandardCharsets.UTF_8));
            reply(option, REP_INFO);
        }
        // Sent even when not asked for: the values are the defaults every client can live with.
        out.clear().putShort((short) INFO_BLOCK_SIZE).putInt(export.minimumBlockBytes())
                .putInt(export.preferredBlockBytes()).putInt(export.maximumPayloadBytes());
        reply(option, REP_INFO);
        out.clear();
        reply(option, REP_ACK);
        return option == OPT_GO ? session(export, transmissionFlags) : null;
    }

    private void list() throws IOException {
        if (data.hasRemaining()) {
            error(OPT_LIST, REP_ERR_INVALID, "LIST carries no data");
            return;
        }
        for (LiveExport export : exports.all()) {
            byte[] name = export.name().getBytes(StandardCharsets.UTF_8);
            out.clear().putInt(name.length).put(name).put(export.export.description().getBytes(StandardCharsets.UTF_8));
            reply(OPT_LIST, REP_SERVER);
        }
        out.clear();
        reply(OPT_LIST, REP_ACK);
    }

    private void structuredReply() throws IOException {
        if (data.hasRemaining()) {
            error(OPT_STRUCTURED_REPLY, REP_ERR_INVALID, "STRUCTURED_REPLY carries no data");
        } else if (structuredReplies) {
            error(OPT_STRUCTURED_REPLY, REP_ERR_INVALID, "structured replies are already on");
        } else {
            structuredReplies = true;
            out.clear();
            reply(OPT_STRUCTURED_REPLY, REP_ACK);
        }
    }

    /**
     * LIST_META_CONTEXT and SET_META_CONTEXT share one layout:
     * <pre>
     *   u32 name length | name | u32 query count | count x (u32 query length | query)
     * </pre>
     */
    private void metaContext(int option) throws IOException {
        boolean set = option == OPT_SET_META_CONTEXT;
        if (set) {
            metaContextExport = null; // SET replaces the selection even when it fails
        }
        if (!structuredReplies) {
            error(option, REP_ERR_INVALID, "negotiate structured replies before metadata contexts");
            return;
        }
        if (data.remaining() < 8) {
            error(option, REP_ERR_INVALID, "metadata context data is shorter than 8 bytes");
            return;
        }
        long nameLength = Integer.toUnsignedLong(data.getInt());
        if (nameLength > data.remaining() - 4 || nameLength > MAX_STRING_BYTES) {
            error(option, REP_ERR_INVALID, "the export name length runs past the option");
            return;
        }
        String name = string((int) nameLength);
        long queries = Integer.toUnsignedLong(data.getInt());
        boolean matched = queries == 0 && !set;
        for (long q = 0; q < queries; q++) {
            if (data.remaining() < 4) {
                error(option, REP_ERR_INVALID, "the query list runs past the option");
                return;
            }
            long queryLength = Integer.toUnsignedLong(data.getInt());
            if (queryLength > data.remaining() || queryLength > MAX_STRING_BYTES) {
                error(option, REP_ERR_INVALID, "a query length runs past the option");
                return;
            }
            String query = string((int) queryLength);
            matched |= set ? query.equals(BASE_ALLOCATION) : query.equals("base:") || query.equals(BASE_ALLOCATION);
        }
        if (data.hasRemaining()) {
            error(option, REP_ERR_INVALID, "bytes left over after the last query");
            return;
        }
        LiveExport export = exports.find(name);
        if (export == null) {
            error(option, REP_ERR_UNKNOWN, "no export named '" + name + "'");
            return;
        }
        if (matched) {
            out.clear().putInt(set ? BASE_ALLOCATION_ID : 0).put(BASE_ALLOCATION.getBytes(StandardCharsets.US_ASCII));
            reply(option, REP_META_CONTEXT);
            if (set) {
                metaContextExport = export.name();
            }
        }
        out.clear();
        reply(option, REP_ACK);
    }

    private Session session(LiveExport export, int transmissionFlags) {
        int contextId = structuredReplies && export.name().equals(metaContextExport) ? BASE_ALLOCATION_ID : 0;
        return new Session(export, structuredReplies, contextId, transmissionFlags);
    }

    private String string(int length) {
        String s = new String(data.array(), data.arrayOffset() + data.position(), length, StandardCharsets.UTF_8);
        data.position(data.position() + length);
        return s;
    }

    private void error(int option, int type, String message) throws IOException {
        out.clear().put(message.getBytes(StandardCharsets.UTF_8));
        reply(option, type);
    }

    /** Sends an option reply whose payload is what {@link #out} holds (from 0 to its position). */
    private void reply(int option, int type) throws IOException {
        out.flip();
        ByteBuffer head = ByteBuffer.allocate(20).putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type)
                .putInt(out.remaining()).flip();
        Wire.writeFully(channel, head);
        Wire.writeFully(channel, out);
    }
}
