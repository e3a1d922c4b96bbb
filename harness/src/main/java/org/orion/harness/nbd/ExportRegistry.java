package org.orion.harness.nbd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;

/**
 * The exports of one server by name, in the order they were added, and the one the empty name
 * means. Two exports of the same device share that device's {@link RangeLocks}, so their
 * read-modify-writes exclude each other too.
 *
 * <p>Threads: any; every method holds this object's monitor briefly (handshakes and management
 * calls only, never the data path).
 */
final class ExportRegistry {
    private final Map<String, LiveExport> byName = new LinkedHashMap<>();
    private final Map<BlockDevice, RangeLocks> locksByDevice = new IdentityHashMap<>();
    private final Map<BlockDevice, Integer> exportsByDevice = new IdentityHashMap<>();
    private final String defaultName;

    /** @param defaultName the export the empty name means, or null for the first export added */
    ExportRegistry(String defaultName) {
        this.defaultName = defaultName;
    }

    synchronized LiveExport add(NbdExport export) {
        if (byName.containsKey(export.name())) {
            throw new OrionException(ErrorCode.CONFLICT, "NBD export '" + export.name()
                    + "' already exists: remove it first or pick another name");
        }
        RangeLocks locks = locksByDevice.computeIfAbsent(export.device(), d -> new RangeLocks());
        exportsByDevice.merge(export.device(), 1, Integer::sum);
        LiveExport live = new LiveExport(export, locks);
        byName.put(export.name(), live);
        return live;
    }

    synchronized Optional<LiveExport> remove(String name) {
        LiveExport live = byName.remove(name);
        if (live == null) {
            return Optional.empty();
        }
        BlockDevice device = live.export.device();
        if (exportsByDevice.merge(device, -1, Integer::sum) == 0) {
            exportsByDevice.remove(device);
            locksByDevice.remove(device);
        }
        return Optional.of(live);
    }

    /** The export a client asked for by name; the empty name is the default export. */
    synchronized LiveExport find(String name) {
        if (name.isEmpty()) {
            if (defaultName != null) {
                return byName.get(defaultName);
            }
            return byName.isEmpty() ? null : byName.values().iterator().next();
        }
        return byName.get(name);
    }

    synchronized List<LiveExport> all() {
        return new ArrayList<>(byName.values());
    }
}
