package org.orion.hw.linux;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.linux.jna.BlockIoctls;
import org.orion.hw.linux.jna.Errno;
import org.orion.hw.linux.jna.FileStat;
import org.orion.hw.linux.jna.LibC;
import org.orion.hw.linux.jna.LinuxAbi;
import org.orion.hw.linux.jna.NvmeIoctlTransport;
import org.orion.hw.linux.jna.SgIoTransport;
import org.orion.hw.linux.jna.StatxLayout;
import org.orion.hw.linux.passthru.NvmeAdminTransport;
import org.orion.hw.linux.passthru.ScsiTransport;

/**
 * Identity, capacity and health of a device, like {@code smartctl -i -H -A}: NVMe devices through
 * NVMe admin commands, SATA disks through SAT ATA PASS-THROUGH, SAS/SCSI disks through INQUIRY,
 * READ CAPACITY and LOG SENSE. Files and devices without pass-through (loop, virtio) get a report
 * whose verdict is {@link HealthVerdict#NOT_SUPPORTED} and whose snapshot is
 * {@link HealthSnapshot#healthy}. Control path: blocks the caller for a few commands.
 */
public final class DeviceProbe {
    private DeviceProbe() {
    }

    /** Probes {@code path} through a shared read-only descriptor (a mounted disk can be probed too). */
    public static ProbeReport probe(Path path, NanoClock clock) {
        LinuxAbi.requireSupported();
        int fd = LibC.open(path.toString(), LinuxAbi.O_RDONLY | LinuxAbi.O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = Errno.last();
            throw new OrionException(errno == Errno.ENOENT ? ErrorCode.NOT_FOUND : ErrorCode.IO, path
                    + ": cannot open it to probe (" + Errno.describe(errno) + "): check the path and run as root");
        }
        try {
            FileStat stat = StatxLayout.of(fd);
            if (stat == null) {
                throw new OrionException(ErrorCode.IO, path + ": statx failed with " + Errno.describe(Errno.last()));
            }
            if (stat.isBlockDevice()) {
                long size = BlockIoctls.sizeBytes(fd);
                int logical = Math.max(BlockIoctls.logicalBlockBytes(fd), 512);
                int physical = Math.max(BlockIoctls.physicalBlockBytes(fd), logical);
                Optional<Path> dir = Sysfs.HOST.deviceDir(stat.rdevId());
                return probe(fd, path.toString(), dir, size, logical, physical, clock);
            }
            if (!stat.isRegularFile()) {
                throw new OrionException(ErrorCode.UNSUPPORTED, path + " is neither a regular file nor a block device");
            }
            return probe(fd, path.toString(), Optional.empty(), stat.sizeBytes(), 512, Math.max(512,
                    Integer.highestOneBit(Math.max(stat.blockSizeBytes(), 512))), clock);
        } finally {
            LibC.close(fd);
        }
    }

    /** Probes an open member through its own descriptor. */
    public static ProbeReport probe(LinuxBlockDevice device, NanoClock clock) {
        requireOpen(device);
        var info = device.info();
        return probe(device.fd(), info.name(), device.sysfsDevice(), info.capacityBytes(), info.logicalBlockBytes(),
                info.physicalBlockBytes(), clock);
    }

    /**
     * A fresh health snapshot of an open member, for a health monitor's polling thread. Devices
     * without health commands report {@link HealthSnapshot#healthy}.
     */
    public static HealthSnapshot readHealth(LinuxBlockDevice device, NanoClock clock) {
        return probe(device, clock).health();
    }

    private static void requireOpen(LinuxBlockDevice device) {
        if (device.isClosed()) {
            throw new OrionException(ErrorCode.NOT_FOUND, device.info().name() + " is closed: open it again to probe it");
        }
    }

    static ProbeReport probe(int fd, String name, Optional<Path> deviceDir, long capacityBytes, int logical,
                             int physical, NanoClock clock) {
        Bus bus = deviceDir.map(DeviceProbe::busOf).orElse(Bus.FILE);
        Kernel kernel = new Kernel(name, bus, capacityBytes, logical, physical, sysfsIdentity(deviceDir, name), clock);
        if (bus == Bus.FILE) {
            return kernel.notSupported("a regular file has no health commands");
        }
        if (bus == Bus.NVME) {
            NvmeAdminTransport nvme = new NvmeIoctlTransport(fd, name);
            return NvmeProbe.probe(nvme, kernel);
        }
        ScsiTransport scsi = new SgIoTransport(fd, name);
        try {
            return ScsiProbe.probe(scsi, kernel);
        } catch (OrionException e) {
            if (e.code() == ErrorCode.UNSUPPORTED) {
                return kernel.notSupported(e.getMessage());
            }
            throw e;
        }
    }

    private static Bus busOf(Path deviceDir) {
        Path disk = Sysfs.diskDirOf(deviceDir);
        String vendor = Sysfs.read(disk.resolve("device/vendor")).orElse("");
        return Bus.classify(disk.getFileName().toString(), disk.toString(), vendor,
                java.nio.file.Files.exists(disk.resolve("device/sas_address")));
    }

    private static DiskIdentity sysfsIdentity(Optional<Path> deviceDir, String name) {
        if (deviceDir.isEmpty()) {
            return new DiskIdentity("", "file", "", "", "");
        }
        Path disk = Sysfs.diskDirOf(deviceDir.get());
        DiscoveredDevice d = new BlockDeviceDiscovery(Sysfs.HOST).describe(disk.getFileName().toString());
        return new DiskIdentity(d.vendor(), d.model().isEmpty() ? d.bus().displayName() + " device" : d.model(),
                d.serial(), d.firmware(), d.wwn());
    }

    /**
     * What the kernel already knows about the device: the fallback when pass-through answers nothing,
     * and the common fields of every report.
     */
    record Kernel(String name, Bus bus, long capacityBytes, int logical, int physical, DiskIdentity identity,
                  NanoClock clock) {
        ProbeReport notSupported(String why) {
            return new ProbeReport(name, bus, identity, capacityBytes, logical, physical, HealthVerdict.NOT_SUPPORTED,
                    why, List.of(), Optional.empty(), HealthSnapshot.healthy(clock.nanoTime()), List.of(why));
        }

        List<String> newNotes() {
            return new ArrayList<>();
        }
    }
}
