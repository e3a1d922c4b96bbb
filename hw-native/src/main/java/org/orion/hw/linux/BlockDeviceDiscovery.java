package org.orion.hw.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.orion.hw.linux.passthru.VpdPages;

/**
 * Lists the host's block devices from /sys/block: identity strings, geometry, bus and whether each
 * is in use. Reads only sysfs and /proc (no device is opened), so it works as any user and never
 * disturbs I/O. The command line prints these records in {@code orion hw list}.
 */
public final class BlockDeviceDiscovery {
    private final Sysfs sysfs;

    public BlockDeviceDiscovery(Sysfs sysfs) {
        this.sysfs = sysfs;
    }

    /** The host's devices with a non-zero size (unattached loop devices and unconfigured zram are left out). */
    public static List<DiscoveredDevice> list() {
        return new BlockDeviceDiscovery(Sysfs.HOST).discover(false);
    }

    /** The host device named {@code name} ("sda", or "/dev/sda"). */
    public static Optional<DiscoveredDevice> find(String name) {
        String kernelName = name.startsWith("/dev/") ? name.substring(5) : name;
        BlockDeviceDiscovery discovery = new BlockDeviceDiscovery(Sysfs.HOST);
        Path dir = Sysfs.HOST.blockDir().resolve(kernelName);
        return Files.isDirectory(dir) ? Optional.of(discovery.describe(kernelName)) : Optional.empty();
    }

    /** Every device under /sys/block, sorted by name; with {@code includeEmpty} also those of size 0. */
    public List<DiscoveredDevice> discover(boolean includeEmpty) {
        List<DiscoveredDevice> devices = new ArrayList<>();
        for (String name : Sysfs.list(sysfs.blockDir())) {
            DiscoveredDevice device = describe(name);
            if (includeEmpty || device.sizeBytes() > 0) {
                devices.add(device);
            }
        }
        return devices;
    }

    /** Describes /sys/block/{name}. */
    public DiscoveredDevice describe(String name) {
        Path link = sysfs.blockDir().resolve(name);
        Path dir = realPath(link);
        Path device = dir.resolve("device");
        Path queue = dir.resolve("queue");
        String vendor = Sysfs.read(device.resolve("vendor")).orElse("");
        String path = dir.toString();
        boolean sas = Files.exists(device.resolve("sas_address"));
        Bus bus = Bus.classify(name, path, vendor, sas);
        if (bus == Bus.VIRTIO || bus == Bus.NVME) {
            vendor = ""; // their "vendor" attribute is a PCI id (0x1af4), not a name
        }
        String model = Sysfs.read(device.resolve("model")).orElse("");
        String serial = serialOf(dir, device);
        String firmware = Sysfs.read(device.resolve("rev")).or(() -> Sysfs.read(device.resolve("firmware_rev"))).orElse("");
        String wwn = Sysfs.read(dir.resolve("wwid")).or(() -> Sysfs.read(device.resolve("wwid"))).orElse("");
        long sizeBytes = Sysfs.readLong(dir.resolve("size")).orElse(0) * 512;
        int logical = (int) Sysfs.readLong(queue.resolve("logical_block_size")).orElse(512);
        int physical = (int) Sysfs.readLong(queue.resolve("physical_block_size")).orElse(logical);
        String backing = Sysfs.read(dir.resolve("loop/backing_file")).orElse("");
        return new DiscoveredDevice(name, Path.of("/dev", name), Sysfs.read(dir.resolve("dev")).orElse(""), bus, vendor,
                model, serial, firmware, wwn, sizeBytes, logical, physical,
                Sysfs.readLong(queue.resolve("rotational")).orElse(0) == 1,
                Sysfs.readLong(dir.resolve("removable")).orElse(0) == 1,
                Sysfs.readLong(dir.resolve("ro")).orElse(0) == 1,
                Sysfs.partitions(dir), DeviceHolders.usageOf(dir), backing);
    }

    private static String serialOf(Path dir, Path device) {
        Optional<String> text = Sysfs.read(device.resolve("serial")).or(() -> Sysfs.read(dir.resolve("serial")));
        if (text.isPresent() && !text.get().isEmpty()) {
            return text.get();
        }
        Optional<byte[]> vpd80 = Sysfs.readBytes(device.resolve("vpd_pg80"));
        if (vpd80.isPresent()) {
            try {
                return VpdPages.unitSerial(vpd80.get());
            } catch (RuntimeException e) {
                return "";
            }
        }
        return "";
    }

    private static Path realPath(Path link) {
        try {
            return link.toRealPath();
        } catch (java.io.IOException e) {
            return link;
        }
    }
}
