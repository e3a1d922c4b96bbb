package org.orion.driver.api.hw;

import java.util.Objects;

/**
 * What a controller says it is.
 *
 * @param vendor    vendor string
 * @param model     model string
 * @param firmware  firmware revision
 */
public record ControllerIdentity(String vendor, String model, String firmware) {
    public ControllerIdentity {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firmware, "firmware");
    }
}
