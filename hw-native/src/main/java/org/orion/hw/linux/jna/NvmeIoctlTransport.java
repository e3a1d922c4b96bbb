package org.orion.hw.linux.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.hw.linux.passthru.NvmeAdminCommand;
import org.orion.hw.linux.passthru.NvmeAdminTransport;

/**
 * NVMe admin pass-through (NVME_IOCTL_ADMIN_CMD) on an open NVMe namespace block device or
 * controller character device. The ioctl returns 0 on success, a positive NVMe status when the
 * controller rejected the command, or -1 with errno when the kernel did. Control path only.
 */
public final class NvmeIoctlTransport implements NvmeAdminTransport {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final int fd;
    private final String name;

    public NvmeIoctlTransport(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public int namespaceId() {
        int nsid = LibC.ioctl(fd, LinuxAbi.NVME_IOCTL_ID, 0);
        if (nsid < 0) {
            throw failure(Errno.last(), "NVME_IOCTL_ID");
        }
        return nsid;
    }

    @Override
    public void execute(NvmeAdminCommand command, byte[] data) {
        if (data.length < command.dataBytes()) {
            throw new IllegalArgumentException("data buffer of " + data.length + " bytes is smaller than the command's "
                    + command.dataBytes());
        }
        try (Memory cmd = new Memory(NvmePassthruLayout.SIZE);
             Memory raw = new Memory(command.dataBytes() + 4096L)) {
            Pointer buffer = raw.align(4096);
            cmd.clear();
            raw.clear();
            cmd.setByte(NvmePassthruLayout.OPCODE, (byte) command.opcode());
            cmd.setInt(NvmePassthruLayout.NSID, command.namespaceId());
            cmd.setLong(NvmePassthruLayout.ADDR, Pointer.nativeValue(buffer));
            cmd.setInt(NvmePassthruLayout.DATA_LEN, command.dataBytes());
            cmd.setInt(NvmePassthruLayout.CDW10, command.cdw10());
            cmd.setInt(NvmePassthruLayout.CDW11, command.cdw11());
            cmd.setInt(NvmePassthruLayout.TIMEOUT_MS, TIMEOUT_MILLIS);
            int rc = LibC.ioctl(fd, LinuxAbi.NVME_IOCTL_ADMIN_CMD, Pointer.nativeValue(cmd));
            if (rc < 0) {
                throw failure(Errno.last(), String.format("NVMe admin command 0x%02x", command.opcode()));
            }
            if (rc > 0) {
                throw new OrionException(ErrorCode.IO, String.format("%s: the controller rejected admin command 0x%02x"
                        + " (cdw10 0x%08x) with NVMe status 0x%04x", name, command.opcode(), command.cdw10(), rc));
            }
            buffer.read(0, data, 0, command.dataBytes());
        }
    }

    private OrionException failure(int errno, String what) {
        if (Errno.isUnsupported(errno) || errno == Errno.EINVAL) {
            return new OrionException(ErrorCode.UNSUPPORTED, name + ": NVMe admin pass-through is not supported by this"
                    + " device (" + what + ": " + Errno.name(errno) + "): it is not an NVMe device");
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            return new OrionException(ErrorCode.IO, name + ": " + what + " was refused (" + Errno.name(errno)
                    + "): NVMe admin commands need root (CAP_SYS_ADMIN)");
        }
        return new OrionException(ErrorCode.IO, name + ": " + what + " failed with " + Errno.describe(errno));
    }
}
