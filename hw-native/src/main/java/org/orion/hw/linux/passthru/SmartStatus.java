package org.orion.hw.linux.passthru;

import java.util.Optional;

/**
 * The verdict of SMART RETURN STATUS. The disk answers in the LBA mid/high registers: 4Fh/C2h (the
 * key the command was sent with) means no threshold is exceeded; F4h/2Ch means a pre-failure
 * attribute crossed its threshold.
 */
public enum SmartStatus {
    PASSED, THRESHOLD_EXCEEDED, UNKNOWN;

    public static SmartStatus of(int lbaMid, int lbaHigh) {
        if (lbaMid == 0x4f && lbaHigh == 0xc2) {
            return PASSED;
        }
        if (lbaMid == 0xf4 && lbaHigh == 0x2c) {
            return THRESHOLD_EXCEEDED;
        }
        return UNKNOWN;
    }

    /** From the ATA registers a SAT layer returned in sense data (descriptor 09h or fixed format). */
    public static SmartStatus fromSense(SenseData sense) {
        Optional<SenseData.AtaRegisters> ata = sense.ataReturn();
        return ata.map(r -> of(r.lbaMid(), r.lbaHigh())).orElse(UNKNOWN);
    }
}
