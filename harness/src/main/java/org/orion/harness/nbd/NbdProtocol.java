package org.orion.harness.nbd;

/**
 * The numbers of the NBD wire protocol (fixed newstyle, compact headers), in one place. Every
 * integer is big-endian on the wire; u32 and u64 fields are unsigned and are read into Java ints
 * and longs, so callers compare them with {@link Integer#toUnsignedLong} and
 * {@link Long#compareUnsigned}.
 *
 * <pre>
 * Greeting (server, 18 bytes)          Client flags (4 bytes)
 *  0 u64 NBDMAGIC                       0 u32 bit0 C_FIXED_NEWSTYLE, bit1 C_NO_ZEROES
 *  8 u64 IHAVEOPT
 * 16 u16 handshake flags
 *
 * Option request (client)              Option reply (server)
 *  0 u64 IHAVEOPT                       0 u64 OPTION_REPLY_MAGIC
 *  8 u32 option                         8 u32 option (echoed)
 * 12 u32 length                        12 u32 reply type
 * 16 data[length]                      16 u32 length
 *                                      20 data[length]
 *
 * Request (client, 28 bytes)           Simple reply (16 bytes)     Structured chunk (20 bytes)
 *  0 u32 REQUEST_MAGIC                  0 u32 SIMPLE_REPLY_MAGIC    0 u32 STRUCTURED_REPLY_MAGIC
 *  4 u16 command flags                  4 u32 error                 4 u16 flags (bit0 DONE)
 *  6 u16 type                           8 u64 cookie                6 u16 type
 *  8 u64 cookie                        16 data (READ only)          8 u64 cookie
 * 16 u64 offset                                                    16 u32 length
 * 24 u32 length                                                    20 payload[length]
 * 28 payload[length] (WRITE only)
 * </pre>
 */
final class NbdProtocol {
    private NbdProtocol() {
    }

    // Greeting and handshake.
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long OPTION_REPLY_MAGIC = 0x0003e889045565a9L;
    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;
    static final int CLIENT_FLAG_FIXED_NEWSTYLE = 1;
    static final int CLIENT_FLAG_NO_ZEROES = 1 << 1;
    static final int KNOWN_CLIENT_FLAGS = CLIENT_FLAG_FIXED_NEWSTYLE | CLIENT_FLAG_NO_ZEROES;
    /** Zero bytes after the EXPORT_NAME answer unless NO_ZEROES was negotiated. */
    static final int EXPORT_NAME_PADDING_BYTES = 124;

    // Options.
    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_PEEK_EXPORT = 4;
    static final int OPT_STARTTLS = 5;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_LIST_META_CONTEXT = 9;
    static final int OPT_SET_META_CONTEXT = 10;
    static final int OPT_EXTENDED_HEADERS = 11;

    // Option reply types; errors have bit 31 set.
    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_META_CONTEXT = 4;
    static final int REP_ERR_UNSUP = 0x80000000 | 1;
    static final int REP_ERR_POLICY = 0x80000000 | 2;
    static final int REP_ERR_INVALID = 0x80000000 | 3;
    static final int REP_ERR_UNKNOWN = 0x80000000 | 6;
    static final int REP_ERR_SHUTDOWN = 0x80000000 | 7;
    static final int REP_ERR_TOO_BIG = 0x80000000 | 9;

    // Info types inside REP_INFO and in INFO/GO requests.
    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_DESCRIPTION = 2;
    static final int INFO_BLOCK_SIZE = 3;

    // Transmission flags (u16).
    static final int TF_HAS_FLAGS = 1;
    static final int TF_READ_ONLY = 1 << 1;
    static final int TF_SEND_FLUSH = 1 << 2;
    static final int TF_SEND_FUA = 1 << 3;
    static final int TF_SEND_TRIM = 1 << 5;
    static final int TF_SEND_WRITE_ZEROES = 1 << 6;
    static final int TF_SEND_DF = 1 << 7;
    static final int TF_CAN_MULTI_CONN = 1 << 8;
    static final int TF_SEND_CACHE = 1 << 10;
    static final int TF_SEND_FAST_ZERO = 1 << 11;

    // Requests and replies.
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;
    static final int REQUEST_HEADER_BYTES = 28;
    static final int SIMPLE_REPLY_HEADER_BYTES = 16;
    static final int CHUNK_HEADER_BYTES = 20;

    // Commands.
    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_CACHE = 5;
    static final int CMD_WRITE_ZEROES = 6;
    static final int CMD_BLOCK_STATUS = 7;

    // Command flags (u16).
    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 1 << 1;
    static final int CMD_FLAG_DF = 1 << 2;
    static final int CMD_FLAG_REQ_ONE = 1 << 3;
    static final int CMD_FLAG_FAST_ZERO = 1 << 4;

    // Structured reply chunk types and flags.
    static final int CHUNK_FLAG_DONE = 1;
    static final int CHUNK_NONE = 0;
    static final int CHUNK_OFFSET_DATA = 1;
    static final int CHUNK_BLOCK_STATUS = 5;
    static final int CHUNK_ERROR = 0x8001;

    // Error numbers: the protocol's own values, never the host's errno.
    static final int EPERM = 1;
    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ENOSPC = 28;
    static final int EOVERFLOW = 75;
    static final int ENOTSUP = 95;
    static final int ESHUTDOWN = 108;

    /** The only metadata context Orion serves. */
    static final String BASE_ALLOCATION = "base:allocation";
    /** Id given to {@code base:allocation} by SET_META_CONTEXT (LIST answers with 0). */
    static final int BASE_ALLOCATION_ID = 1;

    /** Strings (names, descriptions, queries) longer than this are refused, as the spec requires. */
    static final int MAX_STRING_BYTES = 4096;
    /**
     * The largest WRITE payload or READ length served: 32 MiB, the size every client must be able
     * to use and the most qemu ever sends. Larger WRITE payloads are read and discarded (EINVAL).
     */
    static final int MAX_PAYLOAD_BYTES = 32 << 20;
    /** Largest option payload read; more is a denial of service and ends the connection. */
    static final int MAX_OPTION_BYTES = 64 << 10;
    /** Options one connection may send before it is cut off (a client looping forever). */
    static final int MAX_OPTIONS_PER_CONNECTION = 1024;
}
