package org.orion.harness.nbd;

import static org.orion.harness.nbd.NbdProtocol.*;

/**
 * Decides, from the request header alone, whether a request is served, answered at once, or
 * refused, and with which error. The order of the checks decides which error a request with
 * several faults gets:
 * <ol>
 *   <li>unknown command: EINVAL (no payload is assumed: only WRITE carries one);</li>
 *   <li>a flag the command does not take (DF without structured replies included): EINVAL;</li>
 *   <li>WRITE payload over 32 MiB: EINVAL (the payload is still read and dropped);</li>
 *   <li>WRITE, TRIM or WRITE_ZEROES on a read-only export: EPERM;</li>
 *   <li>{@code offset + length} past 2^64 (unsigned overflow): EINVAL; past the end of the export:
 *       ENOSPC for WRITE and WRITE_ZEROES, EINVAL for the rest;</li>
 *   <li>READ over 32 MiB: EINVAL; BLOCK_STATUS without a negotiated context, or of length 0:
 *       EINVAL; FAST_ZERO on a device that would emulate zeroing: ENOTSUP.</li>
 * </ol>
 * FLUSH and DISC ignore their offset and length (a client error the spec lets a server forgive).
 * Zero-length READ, WRITE, TRIM, WRITE_ZEROES and CACHE succeed without touching the device, as
 * qemu does. CACHE is a hint and is answered at once.
 *
 * <p>Threads: the connection reader. Stateless.
 */
final class CommandRules {
    /** The request needs device work ({@link Exchange#plan}). */
    static final int SERVE = 0;
    /** The reply is known now: success with no device work, or an error already set. */
    static final int ANSWER_NOW = 1;

    static final byte[] MSG_UNKNOWN_COMMAND = Exchange.bytes("unknown command");
    static final byte[] MSG_BAD_FLAGS = Exchange.bytes("a command flag is not valid for this command");
    static final byte[] MSG_TOO_LARGE = Exchange.bytes("length is over the 32 MiB maximum payload");
    static final byte[] MSG_READ_ONLY = Exchange.bytes("the export is read-only");
    static final byte[] MSG_OVERFLOW = Exchange.bytes("offset + length overflows 64 bits");
    static final byte[] MSG_PAST_END = Exchange.bytes("offset + length is past the end of the export");
    static final byte[] MSG_NO_CONTEXT = Exchange.bytes("no metadata context was negotiated");
    static final byte[] MSG_EMPTY_STATUS = Exchange.bytes("BLOCK_STATUS needs a non-zero length");
    static final byte[] MSG_NOT_FAST = Exchange.bytes("the device has no fast zeroing");

    private CommandRules() {
    }

    /** Checks {@code ex} (header fields set) against the session; on refusal sets its error. */
    static int check(Exchange ex, Session session) {
        int command = ex.command;
        int allowed = allowedFlags(command, session.structuredReplies());
        if (allowed < 0) {
            return refuse(ex, EINVAL, MSG_UNKNOWN_COMMAND);
        }
        if ((ex.commandFlags & ~allowed) != 0) {
            return refuse(ex, EINVAL, MSG_BAD_FLAGS);
        }
        if (command == CMD_FLUSH) {
            return SERVE;
        }
        if (command == CMD_WRITE && ex.lengthBytes > MAX_PAYLOAD_BYTES) {
            return refuse(ex, EINVAL, MSG_TOO_LARGE);
        }
        boolean modifies = command == CMD_WRITE || command == CMD_TRIM || command == CMD_WRITE_ZEROES;
        LiveExport export = session.export();
        if (modifies && export.export.readOnly()) {
            return refuse(ex, EPERM, MSG_READ_ONLY);
        }
        long size = export.info().capacityBytes();
        long offset = ex.offsetBytes;
        long length = ex.lengthBytes;
        if (Long.compareUnsigned(offset + length, offset) < 0) {
            return refuse(ex, EINVAL, MSG_OVERFLOW);
        }
        if (Long.compareUnsigned(offset, size) > 0 || length > size - offset) {
            boolean spaceError = command == CMD_WRITE || command == CMD_WRITE_ZEROES;
            return refuse(ex, spaceError ? ENOSPC : EINVAL, MSG_PAST_END);
        }
        switch (command) {
            case CMD_READ -> {
                if (length > MAX_PAYLOAD_BYTES) {
                    return refuse(ex, EINVAL, MSG_TOO_LARGE);
                }
            }
            case CMD_BLOCK_STATUS -> {
                if (session.metaContextId() == 0) {
                    return refuse(ex, EINVAL, MSG_NO_CONTEXT);
                }
                if (length == 0) {
                    return refuse(ex, EINVAL, MSG_EMPTY_STATUS);
                }
                ex.metaContextId = session.metaContextId();
                return ANSWER_NOW;
            }
            case CMD_WRITE_ZEROES -> {
                if ((ex.commandFlags & CMD_FLAG_FAST_ZERO) != 0 && !export.info().supportsWriteZeroes()) {
                    return refuse(ex, ENOTSUP, MSG_NOT_FAST);
                }
            }
            case CMD_CACHE -> {
                return ANSWER_NOW;
            }
            default -> {
            }
        }
        return length == 0 ? ANSWER_NOW : SERVE;
    }

    /** Flags each command takes, or -1 for an unknown command. FUA is accepted on every command. */
    static int allowedFlags(int command, boolean structuredReplies) {
        return switch (command) {
            case CMD_READ -> CMD_FLAG_FUA | (structuredReplies ? CMD_FLAG_DF : 0);
            case CMD_WRITE, CMD_DISC, CMD_FLUSH, CMD_TRIM, CMD_CACHE -> CMD_FLAG_FUA;
            case CMD_WRITE_ZEROES -> CMD_FLAG_FUA | CMD_FLAG_NO_HOLE | CMD_FLAG_FAST_ZERO;
            case CMD_BLOCK_STATUS -> CMD_FLAG_FUA | CMD_FLAG_REQ_ONE;
            default -> -1;
        };
    }

    private static int refuse(Exchange ex, int errno, byte[] message) {
        ex.fail(errno, message);
        return ANSWER_NOW;
    }
}
