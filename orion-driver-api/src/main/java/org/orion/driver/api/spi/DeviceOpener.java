package org.orion.driver.api.spi;

import java.nio.file.Path;
import java.util.Optional;
import org.orion.driver.api.block.BlockDevice;

/**
 * Registered in {@code META-INF/services/org.orion.driver.api.spi.DeviceOpener}: opens a path the
 * user named (an image file, a block device) as a {@link BlockDevice}. The command line uses it for
 * member arguments, so it never names the native classes. The caller owns (and closes) the device.
 */
public interface DeviceOpener {
    /**
     * Opens {@code path}, or returns empty if this opener does not handle such paths.
     *
     * @param exclusive refuse a block device that is mounted or held by another user (O_EXCL)
     * @param readOnly  open for reading only
     * @throws org.orion.driver.api.OrionException naming the path and the problem (missing, in use, no permission)
     */
    Optional<BlockDevice> open(Path path, boolean exclusive, boolean readOnly);
}
