package org.orion.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.StorageController;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.config.ControllerSpec;
import org.orion.harness.config.DiskSpec;
import org.orion.harness.config.LatencySpec;
import org.orion.harness.config.OrionConfig;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/**
 * Turns the {@code [[controllers]]} of a configuration into hw-sim controllers: picks the
 * personality for the transport, applies latency overrides, and creates the directories that disk
 * images live in. Either every controller is created or none stays open.
 */
final class SimHardware {
    private static final long PICOS_PER_SECOND = 1_000_000_000_000L;

    private SimHardware() {
    }

    static List<StorageController> create(OrionConfig config, NanoClock clock) {
        List<StorageController> created = new ArrayList<>();
        try {
            for (ControllerSpec spec : config.controllers()) {
                created.add(controller(config, spec, clock));
            }
            return created;
        } catch (RuntimeException e) {
            for (StorageController controller : created) {
                controller.close();
            }
            throw e;
        }
    }

    private static SimController controller(OrionConfig config, ControllerSpec spec, NanoClock clock) {
        SimPersonality personality = SimPersonality.valueOf(spec.transport().name());
        List<SimDiskSpec> disks = new ArrayList<>();
        for (DiskSpec disk : spec.disks()) {
            if (disk.backingFile() != null) {
                createDirectory(disk.backingFile().getParent(), spec.deviceName(disk));
            }
            disks.add(new SimDiskSpec(disk.name(), disk.capacityBytes(), disk.logicalBlockBytes(),
                    disk.physicalBlockBytes(), disk.backingFile(), disk.volatileCache()));
        }
        try {
            return SimController.create(spec.name(), personality, clock, latency(spec.latency(), personality), disks,
                    spec.queueDepth().orElse(personality.defaultQueueDepth()));
        } catch (IllegalArgumentException e) {
            // The configuration was validated, so this means the simulator is stricter than the validation.
            throw new OrionException(ErrorCode.CONFIG, config.displayName() + ": [[controllers]] " + spec.name()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The transport's typical latency with the configured overrides, or none at all. */
    static LatencyModel latency(LatencySpec spec, SimPersonality personality) {
        if (spec.zero()) {
            return LatencyModel.ZERO;
        }
        LatencyModel base = personality.defaultLatency();
        long readPicos = base.readPicosPerByte();
        long writePicos = base.writePicosPerByte();
        if (spec.bytesPerSecond().isPresent()) {
            readPicos = Math.max(1, PICOS_PER_SECOND / spec.bytesPerSecond().getAsLong());
            writePicos = readPicos;
        }
        return new LatencyModel(spec.readBaseNanos().orElse(base.readBaseNanos()),
                spec.writeBaseNanos().orElse(base.writeBaseNanos()), spec.flushNanos().orElse(base.flushNanos()),
                readPicos, writePicos);
    }

    private static void createDirectory(Path dir, String disk) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot create directory " + dir + " for the image of " + disk + ": "
                    + e + " (check [kernel] state_dir and its permissions)", e);
        }
    }
}
