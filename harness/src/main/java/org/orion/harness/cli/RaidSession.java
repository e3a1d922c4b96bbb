package org.orion.harness.cli;

import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ControllerSpec;
import org.orion.harness.config.DiskSpec;
import org.orion.harness.config.OrionConfig;

/**
 * A kernel started for one mdadm-style command: the drivers are up, the RAID driver's
 * {@link ArrayService} is at hand, and the simulated disks of {@code orion.toml} are attached
 * only if the command names one (so {@code orion --examine disk.img} never touches the
 * configured disk images). Closing it stops the drivers and closes the hardware.
 */
final class RaidSession implements AutoCloseable {
    private final OrionConfig config;
    private final Kernel kernel;
    private final ArrayService raid;

    private RaidSession(OrionConfig config, Kernel kernel, ArrayService raid) {
        this.config = config;
        this.kernel = kernel;
        this.raid = raid;
    }

    /**
     * Starts a kernel with the invocation's configuration (or the built-in defaults when there is
     * no orion.toml), attaching the simulated hardware first when {@code withHardware}.
     */
    static RaidSession open(Invocation invocation, boolean withHardware) {
        OrionConfig config = invocation.configOrDefaults();
        Kernel kernel = Kernel.create(config, NanoClock.system());
        try {
            if (withHardware) {
                kernel.attachHardware();
            }
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).stream().findFirst()
                    .orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND, "no RAID driver is loaded: rebuild"
                            + " with 'mvn -DskipTests install' so raid-driver is on the class path"));
            return new RaidSession(config, kernel, raid);
        } catch (RuntimeException e) {
            kernel.close();
            throw e;
        }
    }

    /** True if {@code argument} is the name of a simulated disk ({@code sata0/d2}) in {@code config}. */
    static boolean isSimulatedDisk(OrionConfig config, String argument) {
        for (ControllerSpec controller : config.controllers()) {
            for (DiskSpec disk : controller.disks()) {
                if (controller.deviceName(disk).equals(argument)) {
                    return true;
                }
            }
        }
        return false;
    }

    OrionConfig config() {
        return config;
    }

    ArrayService raid() {
        return raid;
    }

    /** The simulated disk registered as {@code name}, if the hardware is attached and has it. */
    Optional<BlockDevice> simulatedDisk(String name) {
        return isSimulatedDisk(config, name) ? kernel.devices().find(name) : Optional.empty();
    }

    @Override
    public void close() {
        kernel.close();
    }
}
