package org.orion.harness.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.orion.driver.api.hw.Transport;

/**
 * One validated {@code [[controllers]]} entry: a simulated host adapter and its disks.
 *
 * @param name       the controller's name, the first half of its disks' device names ({@code sata0/d1})
 * @param transport  SATA, SAS or NVME
 * @param queueDepth commands in flight per disk, or empty for the transport's usual depth
 * @param latency    how slow its disks are
 * @param disks      its disks, in port order
 */
public record ControllerSpec(String name, Transport transport, OptionalInt queueDepth, LatencySpec latency,
                             List<DiskSpec> disks) {
    public ControllerSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(queueDepth, "queueDepth");
        Objects.requireNonNull(latency, "latency");
        disks = List.copyOf(disks);
    }

    /** The registry name of one of its disks: {@code <controller>/<disk>}. */
    public String deviceName(DiskSpec disk) {
        return name + "/" + disk.name();
    }
}
