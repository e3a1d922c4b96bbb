package org.orion.driver.api.spi;

import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one section of the configuration, already validated by the kernel. Keys are
 * dotted paths relative to the section. Drivers never parse configuration files themselves.
 */
public interface DriverConfig {
    Set<String> keys();

    Optional<String> string(String key);

    Optional<Long> integer(String key);

    Optional<Boolean> bool(String key);

    /** A size in bytes ("256MB" and friends are already converted by the kernel). */
    Optional<Long> sizeBytes(String key);

    /** A nested section, empty if absent. */
    DriverConfig section(String key);

    /** An empty view. */
    static DriverConfig empty() {
        return new DriverConfig() {
            public Set<String> keys() { return Set.of(); }
            public Optional<String> string(String key) { return Optional.empty(); }
            public Optional<Long> integer(String key) { return Optional.empty(); }
            public Optional<Boolean> bool(String key) { return Optional.empty(); }
            public Optional<Long> sizeBytes(String key) { return Optional.empty(); }
            public DriverConfig section(String key) { return this; }
        };
    }
}
