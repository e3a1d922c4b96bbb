package org.orion.hw.linux;

import java.util.Locale;
import org.orion.driver.api.hw.Transport;

/**
 * How a block device is attached, as far as /sys can tell. Finer than the API's {@link Transport}
 * (which only distinguishes SATA, SAS, NVMe and everything else), because {@code orion hw list}
 * should say "virtio" or "loop" rather than "virtual".
 */
public enum Bus {
    SATA, SAS, SCSI, NVME, VIRTIO, USB, MMC, XEN, LOOP, MD, DEVICE_MAPPER, RAM, OTHER,
    /** Not a block device at all: a regular file used as a member. */
    FILE;

    /** The API transport: SATA, SAS and NVMe as themselves, everything else VIRTUAL. */
    public Transport transport() {
        return switch (this) {
            case SATA -> Transport.SATA;
            case SAS -> Transport.SAS;
            case NVME -> Transport.NVME;
            default -> Transport.VIRTUAL;
        };
    }

    /** Lower-case name for output ("device_mapper" becomes "dm"). */
    public String displayName() {
        return this == DEVICE_MAPPER ? "dm" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies a device from its kernel name, its resolved sysfs path (which shows the bus chain,
     * e.g. {@code /sys/devices/pci0000:00/0000:00:1f.2/ata3/host2/...}), its SCSI vendor string, and
     * whether its SCSI device has a SAS address.
     */
    public static Bus classify(String name, String sysfsPath, String scsiVendor, boolean sasAddress) {
        if (name.startsWith("loop")) {
            return LOOP;
        }
        if (name.matches("md\\d+") || name.startsWith("md_")) {
            return MD;
        }
        if (name.startsWith("dm-")) {
            return DEVICE_MAPPER;
        }
        if (name.startsWith("zram") || name.startsWith("ram") || name.startsWith("pmem")) {
            return RAM;
        }
        if (name.startsWith("nvme")) {
            return NVME;
        }
        if (name.startsWith("vd") || sysfsPath.contains("/virtio")) {
            return VIRTIO;
        }
        if (name.startsWith("xvd")) {
            return XEN;
        }
        if (name.startsWith("mmcblk")) {
            return MMC;
        }
        if (sysfsPath.contains("/usb")) {
            return USB;
        }
        if (name.startsWith("sd")) {
            if (sysfsPath.contains("/ata") || "ATA".equals(scsiVendor)) {
                return SATA;
            }
            if (sasAddress || sysfsPath.contains("/end_device-")) {
                return SAS;
            }
            return SCSI;
        }
        return OTHER;
    }
}
