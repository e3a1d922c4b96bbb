package org.orion.hw.linux.passthru;

/**
 * Sends one SCSI command to a device (SG_IO on Linux). Implementations throw
 * {@code OrionException(UNSUPPORTED)} when the device cannot take SCSI commands at all ("not supported
 * by this device") and {@code OrionException(IO)} when the transport failed; a command the device
 * rejected comes back as a {@link ScsiResponse} with CHECK CONDITION and sense data.
 */
public interface ScsiTransport {
    /** Default command timeout: long enough for a disk spinning up. */
    int DEFAULT_TIMEOUT_MILLIS = 20_000;

    /**
     * @param cdb       the command descriptor block (6 to 16 bytes)
     * @param direction which way {@code data} moves
     * @param data      buffer for the data phase (read into or written from), may be empty for NONE
     */
    ScsiResponse execute(byte[] cdb, DataDirection direction, byte[] data, int timeoutMillis);

    /** The device's name for messages. */
    String deviceName();
}
