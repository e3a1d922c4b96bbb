package org.orion.harness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.DeviceRegistry;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;

/**
 * The kernel's device table: unique names, kept in registration order, guarded by one lock (the
 * table changes a few times per run, so a lock is simpler than anything cleverer). Every
 * registration raises a {@link DriverEvent.DeviceAdded}, published after the lock is released so a
 * slow sink cannot stall other threads looking devices up.
 */
final class OrderedDeviceRegistry implements DeviceRegistry {
    private final Map<String, BlockDevice> devices = new LinkedHashMap<>();
    private final EventSink events;
    private final NanoClock clock;

    OrderedDeviceRegistry(EventSink events, NanoClock clock) {
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(String name, BlockDevice device) {
        Objects.requireNonNull(device, "device");
        if (name == null || name.isBlank()) {
            throw new OrionException(ErrorCode.USAGE, "a device needs a non-empty name to be registered");
        }
        synchronized (devices) {
            if (devices.containsKey(name)) {
                throw new OrionException(ErrorCode.CONFLICT, "a device named " + name
                        + " is already registered: choose another name or remove the existing device first");
            }
            devices.put(name, device);
        }
        var info = device.info();
        events.publish(new DriverEvent.DeviceAdded(clock.nanoTime(), name, info.capacityBytes() + " bytes, "
                + info.logicalBlockBytes() + "/" + info.physicalBlockBytes() + "-byte blocks"));
    }

    @Override
    public Optional<BlockDevice> unregister(String name) {
        synchronized (devices) {
            return Optional.ofNullable(devices.remove(name));
        }
    }

    @Override
    public Optional<BlockDevice> find(String name) {
        synchronized (devices) {
            return Optional.ofNullable(devices.get(name));
        }
    }

    @Override
    public List<String> names() {
        synchronized (devices) {
            return List.copyOf(devices.keySet());
        }
    }
}
