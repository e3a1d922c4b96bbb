package org.orion.hw.linux.passthru;

/**
 * What a SCSI command returned.
 *
 * @param status           SCSI status byte (0 GOOD, 2 CHECK CONDITION, 8 BUSY, ...)
 * @param sense            sense bytes the device wrote (empty if none)
 * @param transferredBytes data bytes actually moved (requested minus residual)
 * @param hostStatus       transport-level status from the host adapter (0 = ok)
 * @param driverStatus     status from the kernel's SCSI layer (0 = ok; 0x08 = sense is valid)
 */
public record ScsiResponse(int status, byte[] sense, int transferredBytes, int hostStatus, int driverStatus) {
    public static final int GOOD = 0x00;
    public static final int CHECK_CONDITION = 0x02;

    public ScsiResponse {
        sense = sense.clone();
    }

    @Override
    public byte[] sense() {
        return sense.clone();
    }

    public boolean hasSense() {
        return sense.length > 0;
    }

    /** GOOD status and no transport error. */
    public boolean isGood() {
        return status == GOOD && hostStatus == 0 && (driverStatus & 0x0f) == 0;
    }
}
