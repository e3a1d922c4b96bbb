package org.orion.harness.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated {@code [nbd]} section: where the NBD server listens and what it exports.
 *
 * @param listenHost  address to bind, loopback unless the user asks otherwise
 * @param listenPort  TCP port (10809 is NBD's registered port)
 * @param unixSocket  absolute path of a Unix socket to listen on as well, if any
 * @param exportName  the default export: an array or a {@code controller/disk}; empty = the first array
 */
public record NbdSettings(String listenHost, int listenPort, Optional<Path> unixSocket, Optional<String> exportName) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:10809";

    public NbdSettings {
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(unixSocket, "unixSocket");
        Objects.requireNonNull(exportName, "exportName");
    }
}
