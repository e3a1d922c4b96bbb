package org.orion.harness.nbd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.orion.driver.api.Driver;
import org.orion.driver.api.DriverContext;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.DeviceRegistry;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.spi.DriverConfig;
import org.orion.driver.api.spi.DriverFactory;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;

/**
 * Devices for NBD tests: zero-latency heap disks from hw-sim, and a RAID6 over six of them built
 * through the RAID driver found by {@link ServiceLoader}, as the kernel would. Closing closes all.
 */
final class TestDevices implements AutoCloseable {
    private static final AtomicInteger CONTROLLERS = new AtomicInteger();
    private final List<AutoCloseable> owned = new ArrayList<>();

    /** A heap disk with 512-byte logical and 4 KiB physical blocks. */
    BlockDevice disk(long bytes) {
        return disk(bytes, 512);
    }

    BlockDevice disk(long bytes, int logicalBlockBytes) {
        SimController controller = SimController.create("nbdt" + CONTROLLERS.incrementAndGet(), SimPersonality.SATA,
                NanoClock.system(), LatencyModel.ZERO,
                List.of(new SimDiskSpec("d0", bytes, logicalBlockBytes, Math.max(4096, logicalBlockBytes), null, false)));
        owned.add(controller);
        return controller.disks().get(0);
    }

    /** RAID6, 64 KiB chunks, over six heap disks of {@code memberBytes} each. */
    ArrayDevice raid6(long memberBytes) {
        ArrayService raid = raidService();
        List<BlockDevice> members = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            members.add(disk(memberBytes));
        }
        ArrayDevice array = raid.build(new ArraySpec("md0", 6, null, 64 * 1024, 6, 0), members);
        owned.add(array);
        return array;
    }

    /** The RAID driver found through ServiceLoader, started with an empty configuration; stopped on close. */
    ArrayService raidService() {
        Driver driver = ServiceLoader.load(DriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.name().equals("raid")).findFirst()
                .orElseThrow(() -> new AssertionError("the raid driver is not on the test class path"))
                .create();
        DriverContext context = new DriverContext() {
            private final DeviceRegistry registry = new MapRegistry();

            public NanoClock clock() {
                return NanoClock.system();
            }

            public EventSink events() {
                return EventSink.discarding();
            }

            public DeviceRegistry devices() {
                return registry;
            }

            public DriverConfig config() {
                return DriverConfig.empty();
            }
        };
        driver.probe(context);
        driver.attach(context);
        driver.start();
        owned.add(() -> {
            driver.stop();
            driver.detach();
        });
        return (ArrayService) driver;
    }

    /** Closes {@code closeable} with the others. */
    <T extends AutoCloseable> T own(T closeable) {
        owned.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                throw new AssertionError("closing a test device failed", e);
            }
        }
        owned.clear();
    }

    /** The smallest device table the driver accepts. */
    private static final class MapRegistry implements DeviceRegistry {
        private final Map<String, BlockDevice> devices = new LinkedHashMap<>();

        @Override
        public synchronized void register(String name, BlockDevice device) {
            devices.put(name, device);
        }

        @Override
        public synchronized Optional<BlockDevice> unregister(String name) {
            return Optional.ofNullable(devices.remove(name));
        }

        @Override
        public synchronized Optional<BlockDevice> find(String name) {
            return Optional.ofNullable(devices.get(name));
        }

        @Override
        public synchronized List<String> names() {
            return List.copyOf(devices.keySet());
        }
    }
}
