package org.orion.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.orion.driver.api.Driver;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.DeviceRegistry;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.driver.api.hw.StorageController;
import org.orion.driver.api.spi.ControllerFactory;
import org.orion.driver.api.spi.DriverFactory;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.config.OrionConfig;
import org.orion.harness.event.EventManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Orion kernel: it owns the device registry and the event fan-out, brings up hardware
 * (simulated controllers from the configuration, plus whatever {@link ControllerFactory}s are on the
 * class path) and drives every {@link DriverFactory}'s driver through its lifecycle. It never looks
 * inside a driver: drivers are found through {@link ServiceLoader} and reached only through the API.
 *
 * <p>Order: {@link #attachHardware()} registers every disk as {@code <controller>/<disk>};
 * {@link #startDrivers()} then probes, attaches and starts drivers one at a time in discovery order;
 * {@link #stopDrivers()} stops and detaches them in the reverse order; {@link #close()} does that and
 * closes the hardware. A driver that fails is recorded as FAILED and the others carry on.
 *
 * <p>Threads: the thread that calls these methods is the lifecycle thread; they must not be called
 * concurrently. The registry and the event fan-out are thread-safe and may be used by any thread.
 */
public final class Kernel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final OrionConfig config;
    private final NanoClock clock;
    private final EventFanOut events = new EventFanOut();
    private final EventManager eventManager;
    private final OrderedDeviceRegistry devices;
    private final Iterable<DriverFactory> driverFactories;
    private final Iterable<ControllerFactory> controllerFactories;
    private final List<StorageController> controllers = new ArrayList<>();
    private final List<String> hardwareDevices = new ArrayList<>();
    private final List<DriverSlot> drivers = new ArrayList<>();
    private final List<DriverSlot> started = new ArrayList<>();
    private boolean hardwareAttached;
    private boolean driversLoaded;
    private boolean closed;

    /**
     * A kernel with drivers and controller factories from the class path, and the given clock.
     * Events go to its {@link EventManager}: logged one line each, and written to the events file and
     * alert program of {@code [kernel]} when the configuration names them.
     */
    public static Kernel create(OrionConfig config, NanoClock clock) {
        ClassLoader loader = Kernel.class.getClassLoader();
        return new Kernel(config, clock, ServiceLoader.load(DriverFactory.class, loader),
                ServiceLoader.load(ControllerFactory.class, loader));
    }

    /** A kernel with explicitly given factories (tests, embedding). */
    public Kernel(OrionConfig config, NanoClock clock, Iterable<DriverFactory> driverFactories,
                  Iterable<ControllerFactory> controllerFactories) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.driverFactories = Objects.requireNonNull(driverFactories, "driverFactories");
        this.controllerFactories = Objects.requireNonNull(controllerFactories, "controllerFactories");
        this.devices = new OrderedDeviceRegistry(events, clock);
        this.eventManager = EventManager.start(config.kernel(), clock);
        events.subscribe(eventManager);
    }

    public OrionConfig config() {
        return config;
    }

    public NanoClock clock() {
        return clock;
    }

    /** Subscribe here to see every event drivers and the kernel raise. */
    public EventFanOut events() {
        return events;
    }

    /** De-duplicates, rate-limits and delivers every event; monitor streams subscribe here. */
    public EventManager eventManager() {
        return eventManager;
    }

    public DeviceRegistry devices() {
        return devices;
    }

    /**
     * Creates the configured simulated controllers and those of every controller factory, and
     * registers each disk as {@code <controller>/<disk>}. Runs once; on failure everything it opened
     * is closed again.
     */
    public void attachHardware() {
        requireOpen();
        if (hardwareAttached) {
            return;
        }
        try {
            controllers.addAll(SimHardware.create(config, clock));
            for (ControllerFactory factory : loaded(controllerFactories)) {
                controllers.addAll(factory.create(context(factory.name())));
            }
            Set<String> names = new HashSet<>();
            for (StorageController controller : controllers) {
                if (!names.add(controller.name())) {
                    throw new OrionException(ErrorCode.CONFLICT, "two controllers are named " + controller.name()
                            + ": rename the [[controllers]] entry that clashes with a host adapter");
                }
                for (PhysicalDisk disk : controller.disks()) {
                    String name = deviceName(controller, disk);
                    devices.register(name, disk);
                    hardwareDevices.add(name);
                }
            }
            hardwareAttached = true;
            LOG.info("hardware: {} controller(s), {} disk(s)", controllers.size(), hardwareDevices.size());
        } catch (RuntimeException e) {
            closeHardware();
            throw e;
        }
    }

    /** The controllers {@link #attachHardware()} brought up, in configuration then discovery order. */
    public List<StorageController> controllers() {
        return Collections.unmodifiableList(controllers);
    }

    /** The registry name of a disk: {@code <controller>/<last part of the disk's own name>}. */
    public static String deviceName(StorageController controller, PhysicalDisk disk) {
        String own = disk.info().name();
        return controller.name() + "/" + own.substring(own.lastIndexOf('/') + 1);
    }

    /**
     * Loads every driver factory and brings each driver up in turn: probe, attach, start. A driver
     * whose probe declines is skipped; one that throws is recorded as FAILED (after its partial
     * work is undone) and the others still start. Runs once.
     */
    public void startDrivers() {
        requireOpen();
        if (driversLoaded) {
            return;
        }
        driversLoaded = true;
        Set<String> names = new HashSet<>();
        for (DriverFactory factory : loaded(driverFactories)) {
            Driver driver;
            try {
                driver = Objects.requireNonNull(factory.create(), "the factory returned no driver");
            } catch (RuntimeException e) {
                reportLoadFailure(factory.name(), e);
                continue;
            }
            if (!driver.name().equals(factory.name())) {
                LOG.warn("driver factory {} made a driver named {}; the driver's own name is used",
                        factory.name(), driver.name());
            }
            DriverSlot slot = new DriverSlot(driver, context(driver.name()));
            drivers.add(slot);
            if (!names.add(driver.name())) {
                slot.refuse(new OrionException(ErrorCode.CONFLICT, "another driver is already named "
                        + driver.name() + ": remove one of the two jars from the class path"));
                continue;
            }
            if (slot.bringUp()) {
                started.add(slot);
            }
        }
    }

    /**
     * The factories a service loader can instantiate. A provider that cannot be loaded (a broken
     * jar, a missing class) is reported and skipped instead of stopping every other driver.
     */
    private <T> List<T> loaded(Iterable<T> factories) {
        List<T> out = new ArrayList<>();
        Iterator<T> it = factories.iterator();
        // A service loader skips past a provider that failed, but bound the loop in case one does not.
        for (int failures = 0; failures < 100; ) {
            try {
                if (!it.hasNext()) {
                    return out;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                failures++;
                reportLoadFailure("(unloadable provider)", e);
            }
        }
        return out;
    }

    private void reportLoadFailure(String source, Throwable e) {
        LOG.error("driver {} could not be loaded: {}", source, e.toString());
        events.publish(new DriverEvent.InternalError(clock.nanoTime(), source, "could not be loaded: " + e));
    }

    /** Stops and detaches the started drivers, the last started first. */
    public void stopDrivers() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).bringDown();
        }
        started.clear();
    }

    /** Every loaded driver and its state, in load order. */
    public List<DriverStatus> drivers() {
        List<DriverStatus> out = new ArrayList<>();
        for (DriverSlot slot : drivers) {
            out.add(slot.status());
        }
        return out;
    }

    /**
     * The started drivers that offer {@code service} (for example
     * {@link org.orion.driver.api.array.ArrayService}), in start order.
     */
    public <T> List<T> services(Class<T> service) {
        List<T> out = new ArrayList<>();
        for (DriverSlot slot : started) {
            if (service.isInstance(slot.driver())) {
                out.add(service.cast(slot.driver()));
            }
        }
        return out;
    }

    /**
     * Stops the drivers, then unregisters and closes the hardware, then delivers the last events and
     * closes their outputs. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopDrivers();
            closeHardware();
        } finally {
            eventManager.close();
        }
    }

    private void closeHardware() {
        for (String name : hardwareDevices) {
            devices.unregister(name);
        }
        hardwareDevices.clear();
        for (int i = controllers.size() - 1; i >= 0; i--) {
            try {
                controllers.get(i).close();
            } catch (RuntimeException e) {
                LOG.warn("closing controller {} failed: {}", controllers.get(i).name(), e.toString());
            }
        }
        controllers.clear();
    }

    private KernelContext context(String section) {
        return new KernelContext(clock, events, devices, config.driverConfig(section));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the kernel is closed");
        }
    }
}
