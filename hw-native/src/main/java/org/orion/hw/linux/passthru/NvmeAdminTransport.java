package org.orion.hw.linux.passthru;

/**
 * Sends one NVMe admin command (NVME_IOCTL_ADMIN_CMD on Linux) and fills {@code data} with what the
 * controller returned. Throws {@code OrionException(UNSUPPORTED)} for a device that is not NVMe
 * ("not supported by this device") and {@code OrionException(IO)} when the controller rejected the
 * command (naming its NVMe status) or the transport failed.
 */
public interface NvmeAdminTransport {
    void execute(NvmeAdminCommand command, byte[] data);

    /** The namespace id of the opened block device (NVME_IOCTL_ID). */
    int namespaceId();

    String deviceName();
}
