package org.orion.driver.api.hw;

import java.util.Objects;

/**
 * One row of an ATA disk's SMART attribute table, as {@code smartctl -A} prints it.
 *
 * @param id        attribute number (5 reallocated sectors, 9 power-on hours, 197 pending sectors, ...)
 * @param name      common name ("Reallocated_Sector_Ct"), or "Unknown_Attribute"
 * @param preFailure the attribute predicts failure when it crosses its threshold (else it only shows age)
 * @param value     current normalized value (vendor scale, usually 1..253, higher is better)
 * @param worst     lowest normalized value seen
 * @param threshold normalized value at or below which the attribute has failed, or -1 if not read
 * @param rawValue  the raw counter (the low 32 bits of the 48-bit raw field)
 */
public record SmartAttribute(int id, String name, boolean preFailure, int value, int worst, int threshold,
                             long rawValue) {
    public SmartAttribute {
        Objects.requireNonNull(name, "name");
    }
}
