package org.orion.harness.cli;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.spi.HostHardware;

/**
 * Finds the host's real storage through {@link ServiceLoader} ({@code hw-native} registers one), so
 * the command line never names native classes. A missing or broken provider is an
 * {@link ErrorCode#UNSUPPORTED} failure with one sentence saying what to do.
 */
final class HostHardwareLookup {
    private HostHardwareLookup() {
    }

    /** The first registered provider. */
    static HostHardware require() {
        try {
            return ServiceLoader.load(HostHardware.class).findFirst().orElseThrow(() -> new OrionException(
                    ErrorCode.UNSUPPORTED, "no host hardware provider is on the class path: install orion with its"
                    + " hw-native jar (target/lib/hw-native-*.jar) to see real devices"));
        } catch (ServiceConfigurationError e) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "the host hardware provider cannot be loaded ("
                    + e.getMessage() + "): reinstall orion with its hw-native and jna jars", e);
        }
    }
}
