package org.orion.hw.linux.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.hw.linux.passthru.DataDirection;
import org.orion.hw.linux.passthru.ScsiResponse;
import org.orion.hw.linux.passthru.ScsiTransport;

/**
 * SCSI pass-through with the SG_IO ioctl on an open block device (or /dev/sg node). Control path
 * only: allocates native memory per command.
 */
public final class SgIoTransport implements ScsiTransport {
    private static final int SENSE_BYTES = 64;

    private final int fd;
    private final String name;

    public SgIoTransport(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    @Override
    public String deviceName() {
        return name;
    }

    @Override
    public ScsiResponse execute(byte[] cdb, DataDirection direction, byte[] data, int timeoutMillis) {
        int dataBytes = direction == DataDirection.NONE ? 0 : data.length;
        try (Memory header = new Memory(SgIoHeaderLayout.SIZE);
             Memory command = new Memory(cdb.length);
             Memory sense = new Memory(SENSE_BYTES);
             Memory buffer = new Memory(Math.max(dataBytes, 1))) {
            header.clear();
            sense.clear();
            buffer.clear();
            command.write(0, cdb, 0, cdb.length);
            if (direction == DataDirection.TO_DEVICE) {
                buffer.write(0, data, 0, dataBytes);
            }
            header.setInt(SgIoHeaderLayout.INTERFACE_ID, 'S');
            header.setInt(SgIoHeaderLayout.DXFER_DIRECTION, switch (direction) {
                case NONE -> SgIoHeaderLayout.SG_DXFER_NONE;
                case TO_DEVICE -> SgIoHeaderLayout.SG_DXFER_TO_DEV;
                case FROM_DEVICE -> SgIoHeaderLayout.SG_DXFER_FROM_DEV;
            });
            header.setByte(SgIoHeaderLayout.CMD_LEN, (byte) cdb.length);
            header.setByte(SgIoHeaderLayout.MX_SB_LEN, (byte) SENSE_BYTES);
            header.setInt(SgIoHeaderLayout.DXFER_LEN, dataBytes);
            header.setLong(SgIoHeaderLayout.DXFERP, dataBytes == 0 ? 0 : Pointer.nativeValue(buffer));
            header.setLong(SgIoHeaderLayout.CMDP, Pointer.nativeValue(command));
            header.setLong(SgIoHeaderLayout.SBP, Pointer.nativeValue(sense));
            header.setInt(SgIoHeaderLayout.TIMEOUT, timeoutMillis);
            if (LibC.ioctl(fd, LinuxAbi.SG_IO, Pointer.nativeValue(header)) != 0) {
                throw failure(Errno.last(), cdb[0] & 0xff);
            }
            if (direction == DataDirection.FROM_DEVICE) {
                buffer.read(0, data, 0, dataBytes);
            }
            int senseLength = Math.min(header.getByte(SgIoHeaderLayout.SB_LEN_WR) & 0xff, SENSE_BYTES);
            int transferred = dataBytes - Math.max(0, header.getInt(SgIoHeaderLayout.RESID));
            return new ScsiResponse(header.getByte(SgIoHeaderLayout.STATUS) & 0xff, sense.getByteArray(0, senseLength),
                    transferred, header.getShort(SgIoHeaderLayout.HOST_STATUS) & 0xffff,
                    header.getShort(SgIoHeaderLayout.DRIVER_STATUS) & 0xffff);
        }
    }

    private OrionException failure(int errno, int opcode) {
        if (Errno.isUnsupported(errno) || errno == Errno.EINVAL) {
            return new OrionException(ErrorCode.UNSUPPORTED, name + ": SCSI pass-through (SG_IO) is not supported by this"
                    + " device (" + Errno.name(errno) + "): it is not a SCSI, SATA or SAS disk (a loop device, a file,"
                    + " virtio or NVMe)");
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            return new OrionException(ErrorCode.IO, name + ": SG_IO was refused (" + Errno.name(errno) + "): pass-through"
                    + " commands need root (CAP_SYS_RAWIO)");
        }
        return new OrionException(ErrorCode.IO, String.format("%s: SG_IO of command 0x%02x failed with %s", name, opcode,
                Errno.describe(errno)));
    }
}
