package org.orion.harness.scenario;

import java.nio.file.Path;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayService;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;
import org.orion.hw.sim.ManualClock;

/**
 * A kernel with the RAID driver started on a {@link ManualClock}, shared by every scenario and
 * campaign seed of one process (the driver's start, which warms the parity kernels, is paid once).
 * Time in the driver (rebuild rate limits, event stamps, health polls) then moves only when a runner
 * moves the clock, which is what makes a seed replay. Runs use it one at a time.
 */
public final class ScenarioEnvironment implements AutoCloseable {
    private final ManualClock clock;
    private final Kernel kernel;
    private final ArrayService raid;

    private ScenarioEnvironment(ManualClock clock, Kernel kernel, ArrayService raid) {
        this.clock = clock;
        this.kernel = kernel;
        this.raid = raid;
    }

    /** Starts a kernel with the built-in default configuration (no hardware, no arrays). */
    public static ScenarioEnvironment start() {
        ManualClock clock = new ManualClock();
        Kernel kernel = Kernel.create(ConfigLoader.parse("", Path.of("").toAbsolutePath(), "(scenario defaults)"),
                clock);
        try {
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).stream().findFirst()
                    .orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND, "no RAID driver is loaded: build "
                            + "with 'mvn -pl harness -am package' so raid-driver is on the class path"));
            return new ScenarioEnvironment(clock, kernel, raid);
        } catch (RuntimeException e) {
            kernel.close();
            throw e;
        }
    }

    public ManualClock clock() {
        return clock;
    }

    public Kernel kernel() {
        return kernel;
    }

    public ArrayService raid() {
        return raid;
    }

    @Override
    public void close() {
        kernel.close();
    }
}
