package org.orion.driver.api.spi;

import java.nio.file.Path;
import java.util.List;
import org.orion.driver.api.hw.BurnInReport;
import org.orion.driver.api.hw.BurnInRequest;
import org.orion.driver.api.hw.HostDevice;
import org.orion.driver.api.hw.ProbeResult;

/**
 * Registered in {@code META-INF/services/org.orion.driver.api.spi.HostHardware}: the host's real
 * storage, for {@code orion hw list}, {@code orion hw probe} and {@code orion hw test}. The command
 * line reaches native code only through this interface. Every method is control path and may block
 * for the commands it sends; none of them changes data except a destructive {@link #burnIn}.
 */
public interface HostHardware {
    /**
     * The host's block devices with a non-zero size, sorted by name. Reads only what the system
     * publishes (no device is opened).
     *
     * @throws org.orion.driver.api.OrionException {@code UNSUPPORTED} when this host cannot be listed
     *         (not Linux, or /sys is not mounted), saying why
     */
    List<HostDevice> discover();

    /**
     * Identity, capacity and health of a block device or image file. Devices without health
     * commands (files, loop devices) get {@link org.orion.driver.api.hw.HealthVerdict#NOT_SUPPORTED}
     * and a note, not an error. Opens the device shared and read-only, so a mounted disk can be probed.
     *
     * @throws org.orion.driver.api.OrionException {@code NOT_FOUND} for a missing path, {@code IO} when it
     *         cannot be opened
     */
    ProbeResult probe(Path device);

    /**
     * Reads (and, if {@link BurnInRequest#destructive()}, first writes) the requested range and counts
     * what failed. A destructive run opens the device exclusively and is refused on a device that is
     * in use or holds data.
     *
     * @throws org.orion.driver.api.OrionException {@code UNSAFE} when a destructive run finds an array
     *         superblock, file system, swap or partition table (naming it); {@code CONFLICT} when the device
     *         is mounted or held (naming who); {@code USAGE} for a range outside the device
     */
    BurnInReport burnIn(Path device, BurnInRequest request);
}
