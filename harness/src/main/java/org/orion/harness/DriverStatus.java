package org.orion.harness;

import java.util.Objects;
import java.util.Optional;
import org.orion.driver.api.DriverState;

/**
 * Where one driver stands, for listings and tests.
 *
 * @param name     the driver's name
 * @param state    its lifecycle state
 * @param declined true if its probe said it cannot run here (it then stays {@code NEW})
 * @param error    the message of the failure that made it {@code FAILED}
 */
public record DriverStatus(String name, DriverState state, boolean declined, Optional<String> error) {
    public DriverStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
    }
}
