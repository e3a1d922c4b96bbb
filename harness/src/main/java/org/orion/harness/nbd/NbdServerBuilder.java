package org.orion.harness.nbd;

import java.util.ServiceLoader;
import org.orion.driver.api.spi.LargePageMemory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;

/**
 * Settings of an {@link NbdServer}. With neither {@link #tcp} nor {@link #unix} the server listens on
 * 127.0.0.1:10809, NBD's registered port. Port 0 picks a free port ({@link NbdServer#boundPort()}).
 *
 * <pre>
 *   NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).unix(dir.resolve("nbd.sock"))
 *           .export("md0", array, false, "RAID6 over six disks").build().start();
 * </pre>
 */
public final class NbdServerBuilder {
    /** NBD's IANA port. */
    public static final int DEFAULT_PORT = 10809;
    static final int DEFAULT_MAX_IN_FLIGHT = 64;
    static final long DEFAULT_BUFFER_BUDGET_BYTES = 96L << 20;

    private String host;
    private int port = -1;
    private Path unixPath;
    private boolean allowRemote;
    private final List<NbdExport> exports = new ArrayList<>();
    private String defaultExport;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private long bufferBudgetBytes = DEFAULT_BUFFER_BUDGET_BYTES;
    /**
     * Where each connection's buffers of 1 MiB and more come from: the host's large pages when a
     * {@link LargePageMemory} is registered (hw-native's, on Linux), which keeps a 1 MiB request one
     * piece for an O_DIRECT member; null for ordinary direct memory.
     */
    private final LargePageMemory largePages = ServiceLoader.load(LargePageMemory.class,
            NbdServerBuilder.class.getClassLoader()).findFirst().orElse(null);
    private Duration shutdownGrace = Duration.ofSeconds(1);

    NbdServerBuilder() {
    }

    /** Listens on TCP {@code host:port} (port 0: any free port). Non-loopback hosts need {@link #allowRemote}. */
    public NbdServerBuilder tcp(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("NBD port " + port + " is outside 0..65535");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        return this;
    }

    /** Listens on a Unix socket at {@code path} as well (or only, if no TCP address is given). */
    public NbdServerBuilder unix(Path path) {
        this.unixPath = Objects.requireNonNull(path, "unix socket path");
        return this;
    }

    /**
     * Allows a TCP address other than loopback. NBD has no authentication and this server no TLS:
     * anyone who reaches the port can read and overwrite every export.
     */
    public NbdServerBuilder allowRemote(boolean allow) {
        this.allowRemote = allow;
        return this;
    }

    public NbdServerBuilder export(String name, BlockDevice device, boolean readOnly, String description) {
        return export(new NbdExport(name, device, readOnly, description));
    }

    public NbdServerBuilder export(NbdExport export) {
        exports.add(Objects.requireNonNull(export, "export"));
        return this;
    }

    /** The export served to clients that ask for the empty name; default: the first export added. */
    public NbdServerBuilder defaultExport(String name) {
        this.defaultExport = Objects.requireNonNull(name, "default export name");
        return this;
    }

    /** Requests in flight per connection, 1 to 1024 (default 64). */
    public NbdServerBuilder maxInFlightPerConnection(int requests) {
        if (requests < 1 || requests > 1024) {
            throw new IllegalArgumentException("requests in flight per connection " + requests + " is outside 1..1024");
        }
        this.maxInFlight = requests;
        return this;
    }

    /** Buffer memory one connection may hold (default 96 MiB; at least one 32 MiB request). */
    public NbdServerBuilder bufferBudgetPerConnection(long bytes) {
        if (bytes < BufferPool.LARGEST_BUFFER_BYTES) {
            throw new IllegalArgumentException("buffer budget " + bytes + " bytes is below one largest request ("
                    + BufferPool.LARGEST_BUFFER_BYTES + " bytes)");
        }
        this.bufferBudgetBytes = bytes;
        return this;
    }

    /** How long {@link NbdServer#close()} lets clients finish after telling them ESHUTDOWN (default 1 s). */
    public NbdServerBuilder shutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative");
        }
        this.shutdownGrace = grace;
        return this;
    }

    /**
     * Checks the settings and creates the server (not yet listening).
     *
     * @throws OrionException UNSAFE for a non-loopback address without {@link #allowRemote},
     *         USAGE for an unknown host or default export, CONFLICT for duplicate export names
     */
    public NbdServer build() {
        InetSocketAddress tcp = null;
        if (host != null || unixPath == null) {
            String h = host == null ? "127.0.0.1" : host;
            int p = host == null ? DEFAULT_PORT : port;
            tcp = new InetSocketAddress(resolve(h), p);
            if (!tcp.getAddress().isLoopbackAddress() && !allowRemote) {
                throw new OrionException(ErrorCode.UNSAFE, "refusing to serve NBD on " + h + ": it is not a loopback"
                        + " address, and NBD has no authentication or encryption, so anyone who reaches it can read and"
                        + " overwrite the exports; listen on 127.0.0.1 (or a Unix socket), or allow remote clients"
                        + " explicitly");
            }
        }
        if (defaultExport != null && exports.stream().noneMatch(e -> e.name().equals(defaultExport))) {
            throw new OrionException(ErrorCode.USAGE, "the default NBD export '" + defaultExport
                    + "' is not among the exports: add it or name one of " + exports.stream().map(NbdExport::name).toList());
        }
        ExportRegistry registry = new ExportRegistry(defaultExport);
        for (NbdExport export : exports) {
            registry.add(export);
        }
        return new NbdServer(tcp, unixPath, registry, maxInFlight, bufferBudgetBytes, largePages,
                shutdownGrace.toNanos());
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new OrionException(ErrorCode.USAGE, "cannot resolve NBD listen address '" + host
                    + "': use an IP address such as 127.0.0.1", e);
        }
    }
}
