package org.orion.driver.api.hw;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One whole block device of the host, as the operating system describes it without opening it
 * ({@code orion hw list}, the "host block devices" table). Strings are empty when the system does not
 * know them.
 *
 * @param name               kernel name ("sda", "nvme0n1", "loop3")
 * @param devicePath         device node ("/dev/sda")
 * @param bus                how it is attached, lower case: sata, sas, scsi, nvme, virtio, usb, mmc, xen,
 *                           loop, md, dm, ram or other
 * @param vendor             vendor string ("ATA" for SATA disks behind libata), empty if unknown
 * @param model              model string
 * @param serial             serial number
 * @param firmware           firmware revision
 * @param wwn                world wide identifier, empty if none
 * @param sizeBytes          capacity
 * @param logicalBlockBytes  logical block size
 * @param physicalBlockBytes physical block size
 * @param rotational         a spinning disk
 * @param removable          removable medium
 * @param readOnly           write-protected
 * @param partitions         kernel names of its partitions
 * @param usage              who uses it ("/dev/sdb1 is mounted at /data; held by md127 ..."), empty if nobody
 * @param backingFile        for a loop device, the file behind it; otherwise empty
 */
public record HostDevice(String name, Path devicePath, String bus, String vendor, String model, String serial,
                         String firmware, String wwn, long sizeBytes, int logicalBlockBytes, int physicalBlockBytes,
                         boolean rotational, boolean removable, boolean readOnly, List<String> partitions,
                         String usage, String backingFile) {
    public HostDevice {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(devicePath, "devicePath");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(wwn, "wwn");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(backingFile, "backingFile");
        partitions = List.copyOf(partitions);
    }

    /** True if it is mounted, held by an md array or device-mapper target, or swap (itself or a partition). */
    public boolean inUse() {
        return !usage.isEmpty();
    }
}
