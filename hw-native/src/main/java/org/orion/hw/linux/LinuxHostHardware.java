package org.orion.hw.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.BurnInReport;
import org.orion.driver.api.hw.BurnInRequest;
import org.orion.driver.api.hw.HostDevice;
import org.orion.driver.api.hw.NvmeHealthLog;
import org.orion.driver.api.hw.ProbeResult;
import org.orion.driver.api.spi.HostHardware;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.linux.passthru.NvmeSmartLog;

/**
 * The host's real storage for the command line: {@link BlockDeviceDiscovery}, {@link DeviceProbe}
 * and {@link BurnInTest} behind the API's {@link HostHardware}, their records translated to the API's.
 * Registered for {@link java.util.ServiceLoader}. A destructive burn-in opens the device exclusively
 * (O_EXCL, so a mounted or held device is refused naming who holds it) before it looks for data.
 */
public final class LinuxHostHardware implements HostHardware {
    private static final int BURN_IN_CHUNK_BYTES = 1 << 20;
    private static final long BYTES_PER_MIB = 1L << 20;

    private final Sysfs sysfs;
    private final NanoClock clock;

    /** The running host, on the system clock (the ServiceLoader constructor). */
    public LinuxHostHardware() {
        this(Sysfs.HOST, NanoClock.system());
    }

    LinuxHostHardware(Sysfs sysfs, NanoClock clock) {
        this.sysfs = sysfs;
        this.clock = clock;
    }

    @Override
    public List<HostDevice> discover() {
        if (!Files.isDirectory(sysfs.blockDir())) {
            throw new OrionException(ErrorCode.UNSUPPORTED, sysfs.blockDir() + " is absent: this is not Linux or sysfs"
                    + " is not mounted (mount -t sysfs sysfs /sys)");
        }
        return new BlockDeviceDiscovery(sysfs).discover(false).stream().map(LinuxHostHardware::hostDevice).toList();
    }

    @Override
    public ProbeResult probe(Path device) {
        requireExists(device);
        return probeResult(DeviceProbe.probe(device, clock));
    }

    @Override
    public BurnInReport burnIn(Path device, BurnInRequest request) {
        requireExists(device);
        BurnInOptions options = (request.destructive() ? BurnInOptions.destructive(request.seed())
                : BurnInOptions.readOnly()).withRange(request.startBytes(), request.lengthBytes())
                .withChunkBytes(BURN_IN_CHUNK_BYTES);
        try (LinuxBlockDevice opened = LinuxDevices.open(device, request.destructive())) {
            return burnInReport(BurnInTest.run(opened, options, clock));
        }
    }

    private static void requireExists(Path device) {
        if (!Files.exists(device)) {
            throw new OrionException(ErrorCode.NOT_FOUND, device + " does not exist: name a block device (/dev/sdb)"
                    + " or an image file (orion hw list shows the host's devices)");
        }
    }

    static HostDevice hostDevice(DiscoveredDevice d) {
        return new HostDevice(d.name(), d.devicePath(), d.bus().displayName(), d.vendor(), d.model(), d.serial(),
                d.firmware(), d.wwn(), d.sizeBytes(), d.logicalBlockBytes(), d.physicalBlockBytes(), d.rotational(),
                d.removable(), d.readOnly(), d.partitions(), d.usage().describe(), d.backingFile());
    }

    static ProbeResult probeResult(ProbeReport r) {
        List<org.orion.driver.api.hw.SmartAttribute> attributes = r.ataAttributes().stream()
                .map(a -> new org.orion.driver.api.hw.SmartAttribute(a.id(), a.name(), a.preFailure(), a.current(),
                        a.worst(), -1, a.rawCount()))
                .toList();
        Optional<NvmeHealthLog> nvme = r.nvmeHealth().map(LinuxHostHardware::nvmeHealthLog);
        return new ProbeResult(r.name(), r.bus().displayName(), r.identity(), r.capacityBytes(), r.logicalBlockBytes(),
                r.physicalBlockBytes(), org.orion.driver.api.hw.HealthVerdict.valueOf(r.verdict().name()),
                r.verdictDetail(), attributes, nvme, r.health(), r.notes());
    }

    static NvmeHealthLog nvmeHealthLog(NvmeSmartLog log) {
        return new NvmeHealthLog(log.criticalWarning(), log.describeWarnings(), log.temperatureCelsius(),
                log.availableSparePercent(), log.spareThresholdPercent(), log.percentageUsed(), log.dataUnitsRead(),
                log.dataUnitsWritten(), log.powerCycles(), log.powerOnHours(), log.unsafeShutdowns(), log.mediaErrors(),
                log.errorLogEntries());
    }

    static BurnInReport burnInReport(BurnInResult r) {
        return new BurnInReport(r.name(), r.startBytes(), r.lengthBytes(), r.destructive(), r.seed(), r.writeErrors(),
                r.readErrors(), r.mismatchedBlocks(), r.firstBadOffsets(), r.writeMibPerSecond() * BYTES_PER_MIB,
                r.readMibPerSecond() * BYTES_PER_MIB);
    }
}
