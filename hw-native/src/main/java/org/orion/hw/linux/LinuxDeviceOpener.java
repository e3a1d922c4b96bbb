package org.orion.hw.linux;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.spi.DeviceOpener;

/**
 * Opens regular files and block devices named on the command line as {@link LinuxBlockDevice}s
 * (O_DIRECT where the file system allows it, O_EXCL for block devices when asked). Registered for
 * {@link java.util.ServiceLoader}. Read-only opens are advisory: the device is opened read-write
 * and the caller does not write (examine, export).
 */
public final class LinuxDeviceOpener implements DeviceOpener {
    @Override
    public Optional<BlockDevice> open(Path path, boolean exclusive, boolean readOnly) {
        if (!Files.exists(path)) {
            throw new OrionException(ErrorCode.NOT_FOUND, path + " does not exist: check the path, or create an image"
                    + " file first (truncate -s 1G " + path + ")");
        }
        if (!Files.isRegularFile(path) && !Files.isReadable(path)) {
            throw new OrionException(ErrorCode.CONFLICT, path + " is not readable: run as a user who may open it");
        }
        return Optional.of(LinuxDevices.open(path, LinuxOpenOptions.defaults().withExclusive(exclusive)));
    }
}
