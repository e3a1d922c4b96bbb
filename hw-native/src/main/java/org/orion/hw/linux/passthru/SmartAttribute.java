package org.orion.hw.linux.passthru;

/**
 * One entry of the ATA SMART attribute table.
 *
 * <pre>
 *  0: id   1..2: flags (le16; bit0 pre-failure)   3: current normalized value   4: worst   5..10: raw (48 bits, le)   11: reserved
 * </pre>
 *
 * @param id       attribute number (5 reallocated sectors, 9 power-on hours, ...)
 * @param name     common name, or "Unknown_Attribute"
 * @param flags    flag word
 * @param current  normalized value (vendor scale, usually 1..253, higher is better)
 * @param worst    lowest normalized value seen
 * @param raw48    the 6 raw bytes as an unsigned little-endian number
 */
public record SmartAttribute(int id, String name, int flags, int current, int worst, long raw48) {
    public static final int REALLOCATED_SECTORS = 5;
    public static final int POWER_ON_HOURS = 9;
    public static final int REPORTED_UNCORRECTABLE = 187;
    public static final int AIRFLOW_TEMPERATURE = 190;
    public static final int TEMPERATURE = 194;
    public static final int CURRENT_PENDING_SECTORS = 197;
    public static final int OFFLINE_UNCORRECTABLE = 198;

    /** True if this attribute predicts failure when it crosses its threshold. */
    public boolean preFailure() {
        return (flags & 1) != 0;
    }

    /**
     * The raw value as a count: the low 32 bits. Many vendors store extra data (minimum/maximum,
     * milliseconds, a second counter) in the upper 16 bits, so the full 48 bits would overstate it.
     */
    public long rawCount() {
        return raw48 & 0xffff_ffffL;
    }

    /** A temperature attribute's current value: the low byte of the raw value (upper bytes hold min/max). */
    public int rawTemperatureCelsius() {
        return (int) (raw48 & 0xff);
    }

    /** Common names (as smartmontools and vendors document them) for the attributes Orion decodes and a few more. */
    public static String nameOf(int id) {
        return switch (id) {
            case 1 -> "Raw_Read_Error_Rate";
            case 3 -> "Spin_Up_Time";
            case 4 -> "Start_Stop_Count";
            case REALLOCATED_SECTORS -> "Reallocated_Sector_Ct";
            case 7 -> "Seek_Error_Rate";
            case POWER_ON_HOURS -> "Power_On_Hours";
            case 10 -> "Spin_Retry_Count";
            case 12 -> "Power_Cycle_Count";
            case REPORTED_UNCORRECTABLE -> "Reported_Uncorrect";
            case 188 -> "Command_Timeout";
            case AIRFLOW_TEMPERATURE -> "Airflow_Temperature_Cel";
            case 196 -> "Reallocated_Event_Count";
            case TEMPERATURE -> "Temperature_Celsius";
            case CURRENT_PENDING_SECTORS -> "Current_Pending_Sector";
            case OFFLINE_UNCORRECTABLE -> "Offline_Uncorrectable";
            case 199 -> "UDMA_CRC_Error_Count";
            default -> "Unknown_Attribute";
        };
    }
}
