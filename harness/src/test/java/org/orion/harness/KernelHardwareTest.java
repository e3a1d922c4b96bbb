package org.orion.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.hw.Transport;
import org.orion.harness.config.ConfigLoader;
import org.orion.harness.config.LatencySpec;
import org.orion.harness.config.OrionConfig;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimPersonality;

class KernelHardwareTest {
    static final String TWO_CONTROLLERS = """
            [[controllers]]
            name = "sata0"
            transport = "sata"
            latency = "zero"
            disks = [ { name = "d0", size = "16MB", backing = "heap" }, { name = "d1", size = "16MB", backing = "heap" } ]

            [[controllers]]
            name = "nvme0"
            transport = "nvme"
            queue_depth = 64
            latency = "zero"
              [[controllers.disks]]
              name = "n0"
              size = "32MB"
              logical_block = 4096
            """;

    @Test
    void shouldRegisterEverySimulatedDiskAsControllerSlashDiskInConfigurationOrder(@TempDir Path dir) {
        OrionConfig config = ConfigLoader.parse(TWO_CONTROLLERS, dir, "test.toml");
        List<DriverEvent> events = new ArrayList<>();
        try (Kernel kernel = new Kernel(config, () -> 7L, List.of(), List.of())) {
            kernel.events().subscribe(events::add);
            kernel.attachHardware();
            assertEquals(List.of("sata0/d0", "sata0/d1", "nvme0/n0"), kernel.devices().names());
            assertEquals(List.of("sata0", "nvme0"),
                    kernel.controllers().stream().map(c -> c.name()).collect(Collectors.toList()));
            assertEquals(Transport.NVME, kernel.controllers().get(1).transport());
            assertEquals(64, kernel.controllers().get(1).queueDepth());
            assertEquals(4096, kernel.devices().find("nvme0/n0").orElseThrow().info().logicalBlockBytes());
            assertEquals(List.of("sata0/d0", "sata0/d1", "nvme0/n0"), events.stream()
                    .filter(e -> e instanceof DriverEvent.DeviceAdded).map(DriverEvent::subject)
                    .collect(Collectors.toList()));
            assertTrue(Files.exists(dir.resolve("var/disks/nvme0-n0.img")), "file disk image created under state_dir");
        }
    }

    @Test
    void shouldUnregisterTheDisksWhenClosed(@TempDir Path dir) {
        OrionConfig config = ConfigLoader.parse(TWO_CONTROLLERS, dir, "test.toml");
        Kernel kernel = new Kernel(config, () -> 7L, List.of(), List.of());
        kernel.attachHardware();
        kernel.close();
        assertTrue(kernel.devices().names().isEmpty());
        assertTrue(kernel.controllers().isEmpty());
    }

    @Test
    void shouldRefuseToRegisterADeviceNameTwice(@TempDir Path dir) {
        OrionConfig config = ConfigLoader.parse(TWO_CONTROLLERS, dir, "test.toml");
        try (Kernel kernel = new Kernel(config, () -> 7L, List.of(), List.of())) {
            kernel.attachHardware();
            var disk = kernel.devices().find("sata0/d0").orElseThrow();
            OrionException e = assertThrows(OrionException.class, () -> kernel.devices().register("sata0/d0", disk));
            assertEquals(ErrorCode.CONFLICT, e.code());
        }
    }

    @Test
    void shouldApplyLatencyOverridesOnTopOfTheTransportsTypicalLatency() {
        OrionConfig config = ConfigLoader.parse("""
                [[controllers]]
                name = "sas0"
                transport = "sas"
                read_latency_us = 500
                bandwidth = "1MiB"
                """, Path.of("/nonexistent"), "test.toml");
        LatencySpec spec = config.controllers().get(0).latency();
        LatencyModel model = SimHardware.latency(spec, SimPersonality.SAS);
        LatencyModel typical = SimPersonality.SAS.defaultLatency();
        assertEquals(500_000, model.readBaseNanos());
        assertEquals(typical.writeBaseNanos(), model.writeBaseNanos());
        assertEquals(1_000_000_000_000L / (1 << 20), model.readPicosPerByte());
        assertEquals(LatencyModel.ZERO, SimHardware.latency(LatencySpec.ZERO, SimPersonality.SAS));
    }
}
