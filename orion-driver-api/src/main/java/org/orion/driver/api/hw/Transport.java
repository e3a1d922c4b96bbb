package org.orion.driver.api.hw;

/** How a disk is attached. {@code VIRTUAL} covers files, loop devices and anything without a bus. */
public enum Transport {
    SATA, SAS, NVME, VIRTUAL;

    /** Lower-case name as used in configuration files ({@code "nvme"}). */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a configuration name, case-insensitively; throws IllegalArgumentException naming the allowed values. */
    public static Transport ofConfigName(String name) {
        for (Transport t : values()) {
            if (t.configName().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "' (allowed: sata, sas, nvme, virtual)");
    }
}
