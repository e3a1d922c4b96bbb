package org.orion.hw.linux.passthru;

/**
 * The SMART / Health Information log page (LID 02h), 512 bytes, little-endian. 128-bit counters are
 * read as longs, saturating (see {@link Bytes#le128Saturated}).
 *
 * <pre>
 *    0 critical warning (bit0 spare low, 1 temperature, 2 reliability degraded, 3 read-only, 4 backup failed)
 *    1..2 composite temperature (K)   3 available spare %   4 spare threshold %   5 percentage used
 *   32 data units read (1000 x 512 B)  48 data units written   64 host reads   80 host writes
 *   96 controller busy minutes   112 power cycles   128 power-on hours   144 unsafe shutdowns
 *  160 media and data integrity errors   176 error log entries       (each 16 bytes)
 *  192..195 warning temperature minutes   196..199 critical temperature minutes
 * </pre>
 */
public record NvmeSmartLog(int criticalWarning, int temperatureKelvin, int availableSparePercent,
                           int spareThresholdPercent, int percentageUsed, long dataUnitsRead, long dataUnitsWritten,
                           long powerCycles, long powerOnHours, long unsafeShutdowns, long mediaErrors,
                           long errorLogEntries) {
    public static final int LENGTH = 512;

    public static NvmeSmartLog parse(byte[] data) {
        Bytes.requireLength(data, LENGTH, "NVMe SMART / Health log page");
        return new NvmeSmartLog(data[0] & 0xff, Bytes.le16(data, 1), data[3] & 0xff, data[4] & 0xff, data[5] & 0xff,
                Bytes.le128Saturated(data, 32), Bytes.le128Saturated(data, 48), Bytes.le128Saturated(data, 112),
                Bytes.le128Saturated(data, 128), Bytes.le128Saturated(data, 144), Bytes.le128Saturated(data, 160),
                Bytes.le128Saturated(data, 176));
    }

    /** Composite temperature in degrees Celsius (Kelvin minus 273), or -1 if the controller reports 0 K. */
    public int temperatureCelsius() {
        return temperatureKelvin == 0 ? -1 : temperatureKelvin - 273;
    }

    /** The controller's own verdict: no critical warning bit is set. */
    public boolean passed() {
        return criticalWarning == 0;
    }

    /** The warning bits in words, "" if none. */
    public String describeWarnings() {
        StringBuilder s = new StringBuilder();
        String[] names = {"available spare below threshold", "temperature out of range", "reliability degraded",
            "media placed in read-only mode", "volatile memory backup failed", "persistent memory region read-only"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((criticalWarning & (1 << bit)) != 0) {
                s.append(s.length() == 0 ? "" : ", ").append(names[bit]);
            }
        }
        return s.toString();
    }
}
