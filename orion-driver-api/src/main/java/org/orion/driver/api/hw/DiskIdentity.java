package org.orion.driver.api.hw;

import java.util.Objects;

/**
 * What a disk says it is, as reported by INQUIRY / IDENTIFY / Identify Controller (or invented by a
 * simulator).
 *
 * @param vendor   vendor string ("ATA" for SATA disks behind SAT, the OUI name for NVMe)
 * @param model    model string
 * @param serial   serial number
 * @param firmware firmware revision
 * @param wwn      world wide name or EUI-64/NGUID in hex, empty if unknown
 */
public record DiskIdentity(String vendor, String model, String serial, String firmware, String wwn) {
    public DiskIdentity {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(wwn, "wwn");
    }
}
