package org.orion.harness.nbd;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.orion.driver.api.block.BlockDeviceInfo;

/**
 * An export while the server offers it: the export, the write-range locks of its device, and the
 * connections that are transmitting on it (so removing the export can end them).
 *
 * <p>Why CAN_MULTI_CONN is advertised: every connection of an export submits to the same
 * {@link org.orion.driver.api.block.BlockDevice} object, the server acknowledges a write only after
 * the device completed it, and every NBD FLUSH becomes a device FLUSH submitted after the FLUSH
 * arrived. By the device contract, a write that completed before a FLUSH was submitted is durable
 * once that FLUSH completes, whichever connection submitted either one, and a completed write is
 * visible to every read submitted afterwards. So a FLUSH on connection A covers every write
 * acknowledged on A or B before it, and a read on B after an acknowledged write on A sees it: the
 * cache is shared, which is what the flag promises.
 *
 * <p>Threads: created and removed under the registry's lock; {@link #attach}/{@link #detach} from
 * connection readers; the fields are immutable or thread-safe.
 */
final class LiveExport {
    /** Preferred block advertised: the physical block, at least 4 KiB (the spec's default). */
    private static final int MIN_PREFERRED_BLOCK_BYTES = 4096;

    final NbdExport export;
    final RangeLocks locks;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private boolean removed;

    LiveExport(NbdExport export, RangeLocks locks) {
        this.export = export;
        this.locks = locks;
    }

    String name() {
        return export.name();
    }

    BlockDeviceInfo info() {
        return export.device().info();
    }

    /**
     * The transmission flags for a session with or without structured replies. Read-only exports
     * do not advertise TRIM or WRITE_ZEROES (they would only ever answer EPERM). DF is only legal
     * with structured replies. FAST_ZERO is advertised always: it succeeds when the device zeroes
     * natively and fails fast with ENOTSUP, changing nothing, when the device would emulate it.
     */
    int transmissionFlags(boolean structuredReplies) {
        int flags = NbdProtocol.TF_HAS_FLAGS | NbdProtocol.TF_SEND_FLUSH | NbdProtocol.TF_SEND_FUA
                | NbdProtocol.TF_CAN_MULTI_CONN | NbdProtocol.TF_SEND_CACHE;
        if (export.readOnly()) {
            flags |= NbdProtocol.TF_READ_ONLY;
        } else {
            flags |= NbdProtocol.TF_SEND_TRIM | NbdProtocol.TF_SEND_WRITE_ZEROES | NbdProtocol.TF_SEND_FAST_ZERO;
        }
        if (structuredReplies) {
            flags |= NbdProtocol.TF_SEND_DF;
        }
        return flags;
    }

    /**
     * Block sizes advertised in INFO_BLOCK_SIZE: minimum 1 (the server does read-modify-write for
     * anything not aligned to the device's logical block, so every client works, including
     * nbdfuse, which passes through whatever the kernel asks, and qemu, which then sends unaligned
     * guest I/O as is); preferred the physical block (at least 4 KiB); maximum 32 MiB.
     */
    int minimumBlockBytes() {
        return 1;
    }

    int preferredBlockBytes() {
        return Math.max(MIN_PREFERRED_BLOCK_BYTES, info().physicalBlockBytes());
    }

    int maximumPayloadBytes() {
        return NbdProtocol.MAX_PAYLOAD_BYTES;
    }

    /** Registers a connection that starts transmitting; false if the export was removed meanwhile. */
    synchronized boolean attach(Connection connection) {
        if (removed) {
            return false;
        }
        connections.add(connection);
        return true;
    }

    void detach(Connection connection) {
        connections.remove(connection);
    }

    /** Marks the export removed and returns the connections still using it. */
    synchronized List<Connection> markRemoved() {
        removed = true;
        return List.copyOf(connections);
    }

    int connectionCount() {
        return connections.size();
    }
}
