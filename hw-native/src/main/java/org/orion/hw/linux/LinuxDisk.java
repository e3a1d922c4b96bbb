package org.orion.hw.linux;

import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.driver.api.hw.Transport;
import org.orion.driver.api.time.NanoClock;

/**
 * A {@link LinuxBlockDevice} seen as a {@link PhysicalDisk}: transport and identity are probed once
 * at creation, {@link #health()} asks the device again each time (SMART, NVMe log or SCSI log pages
 * through pass-through on the member's own descriptor). Files, loop and virtio devices are
 * {@link Transport#VIRTUAL} and always report {@link HealthSnapshot#healthy}. Reading health runs on
 * the caller's thread and does not stop I/O.
 */
public final class LinuxDisk extends FilterBlockDevice implements PhysicalDisk {
    private final LinuxBlockDevice linux;
    private final NanoClock clock;
    private final Transport transport;
    private final DiskIdentity identity;
    private final boolean hasHealthCommands;

    private LinuxDisk(LinuxBlockDevice linux, NanoClock clock, ProbeReport report) {
        super(linux);
        this.linux = linux;
        this.clock = clock;
        this.transport = report.bus().transport();
        this.identity = report.identity();
        this.hasHealthCommands = report.verdict() != HealthVerdict.NOT_SUPPORTED;
    }

    /** Probes {@code device} once and wraps it; the disk owns the device (closing one closes both). */
    public static LinuxDisk of(LinuxBlockDevice device, NanoClock clock) {
        return new LinuxDisk(device, clock, DeviceProbe.probe(device, clock));
    }

    @Override
    public Transport transport() {
        return transport;
    }

    @Override
    public DiskIdentity identity() {
        return identity;
    }

    @Override
    public HealthSnapshot health() {
        if (!hasHealthCommands) {
            return HealthSnapshot.healthy(clock.nanoTime());
        }
        return DeviceProbe.readHealth(linux, clock);
    }

    /** The underlying member. */
    public LinuxBlockDevice linuxDevice() {
        return linux;
    }
}
