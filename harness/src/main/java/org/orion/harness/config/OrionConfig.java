package org.orion.harness.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.orion.driver.api.spi.DriverConfig;

/**
 * A whole validated {@code orion.toml}. Built only by {@link ConfigLoader}, so holding one means
 * every value is in range and every cross-reference (array members, the NBD export) resolves.
 *
 * @param displayName how messages name the file (as the user wrote it)
 * @param kernel      {@code [kernel]}
 * @param raid        {@code [raid]}, defaults filled in
 * @param controllers {@code [[controllers]]}: simulated hardware
 * @param arrays      {@code [[arrays]]}
 * @param spares      {@code [spares]} and {@code [[spare_groups]]}: the kernel's spare pool
 * @param nbd         {@code [nbd]}
 */
public record OrionConfig(String displayName, KernelSettings kernel, RaidSettings raid,
                          List<ControllerSpec> controllers, List<ArraySpec> arrays, SpareSettings spares,
                          NbdSettings nbd) {
    public OrionConfig {
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(raid, "raid");
        controllers = List.copyOf(controllers);
        arrays = List.copyOf(arrays);
        Objects.requireNonNull(spares, "spares");
        Objects.requireNonNull(nbd, "nbd");
    }

    /** The controller named {@code name}, if configured. */
    public Optional<ControllerSpec> controller(String name) {
        return controllers.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The configuration view a driver named {@code driverName} gets. The {@code raid} driver sees
     * every {@code [raid]} key with its default filled in (sizes in bytes, intervals as the canonical
     * string plus {@code <key>_seconds}, level lists comma-separated) and each array under
     * {@code arrays.<name>.<key>} (member lists comma-separated, {@code arrays.names} lists them in
     * order). Other drivers get an empty view until they own a section.
     */
    public DriverConfig driverConfig(String driverName) {
        if (!driverName.equals("raid")) {
            return DriverConfig.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("array_max_devices", (long) raid.arrayMaxDevices());
        values.put("array_max_size", raid.arrayMaxSizeBytes());
        values.put("array_chunk_size", raid.arrayChunkBytes());
        values.put("array_stripe_cache_size", (long) raid.arrayStripeCacheEntries());
        values.put("raid_level_support", raid.raidLevelSupport().stream().map(String::valueOf)
                .collect(Collectors.joining(",")));
        values.put("raid_level_default", (long) raid.raidLevelDefault());
        values.put("raid_level_auto_select", raid.raidLevelAutoSelect());
        values.put("read_ahead_size", raid.readAheadBytes());
        values.put("write_back_cache", raid.writeBackCache());
        values.put("write_back_cache_size", raid.writeBackCacheBytes());
        values.put("io_scheduler", raid.ioScheduler().configName());
        values.put("rebuild_priority", raid.rebuildPriority().configName());
        values.put("scrub_interval", Intervals.format(raid.scrubInterval()));
        values.put("scrub_interval_seconds", raid.scrubInterval().getSeconds());
        values.put("parity_check_interval", Intervals.format(raid.parityCheckInterval()));
        values.put("parity_check_interval_seconds", raid.parityCheckInterval().getSeconds());
        values.put("hot_spare_auto_allocate", raid.hotSpareAutoAllocate());
        values.put("arrays.names", arrays.stream().map(ArraySpec::name).collect(Collectors.joining(",")));
        for (ArraySpec array : arrays) {
            String prefix = "arrays." + array.name() + ".";
            values.put(prefix + "level", (long) array.level());
            values.put(prefix + "members", String.join(",", array.members()));
            values.put(prefix + "spares", String.join(",", array.spares()));
            values.put(prefix + "chunk", array.chunkBytes());
            values.put(prefix + "layout", array.layout());
            values.put(prefix + "legs", (long) array.legs());
            values.put(prefix + "create", array.create().configName());
        }
        return new MapDriverConfig(values);
    }
}
