package org.orion.hw.linux;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.orion.driver.api.hw.Transport;

/**
 * One whole block device of the host, as /sys describes it. Strings are empty when the kernel does
 * not know them; nothing here needs root or opens the device.
 *
 * @param name               kernel name ("sda", "nvme0n1", "loop3")
 * @param devicePath         /dev node
 * @param majorMinor         device number "8:0"
 * @param bus                how it is attached
 * @param vendor             SCSI vendor ("ATA" for SATA behind libata), empty for NVMe/virtio
 * @param model              model string
 * @param serial             serial number
 * @param firmware           firmware revision
 * @param wwn                world wide identifier (/sys/.../wwid), empty if none
 * @param sizeBytes          capacity
 * @param logicalBlockBytes  logical block size
 * @param physicalBlockBytes physical block size
 * @param rotational         spinning disk (queue/rotational)
 * @param removable          removable medium
 * @param readOnly           read-only
 * @param partitions         kernel names of its partitions
 * @param usage              mounts, holders and swap on it or its partitions
 * @param backingFile        for a loop device, the file behind it; otherwise empty
 */
public record DiscoveredDevice(String name, Path devicePath, String majorMinor, Bus bus, String vendor, String model,
                               String serial, String firmware, String wwn, long sizeBytes, int logicalBlockBytes,
                               int physicalBlockBytes, boolean rotational, boolean removable, boolean readOnly,
                               List<String> partitions, DeviceUsage usage, String backingFile) {
    public DiscoveredDevice {
        Objects.requireNonNull(name, "name");
        partitions = List.copyOf(partitions);
    }

    public Transport transport() {
        return bus.transport();
    }

    /** True if it is mounted, held by md/dm, or swap (itself or a partition). */
    public boolean inUse() {
        return usage.inUse();
    }
}
