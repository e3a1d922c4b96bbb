package org.orion.driver.api.hw;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What probing one device found: roughly {@code smartctl -i -H -A} as a value.
 *
 * @param name               the probed path
 * @param bus                how the device is attached (see {@link HostDevice#bus()}), or "file"
 * @param identity           vendor, model, serial, firmware, WWN
 * @param capacityBytes      capacity the device reports
 * @param logicalBlockBytes  logical block size
 * @param physicalBlockBytes physical block size
 * @param verdict            the device's own overall health verdict
 * @param verdictDetail      why ("SMART RETURN STATUS: no threshold exceeded", "a regular file has no health commands")
 * @param attributes         the SMART attribute table of an ATA disk, else empty
 * @param nvmeHealth         the NVMe SMART / Health log, if the device is NVMe
 * @param health             the counters as a health monitor reads them
 * @param notes              what could not be read and why
 */
public record ProbeResult(String name, String bus, DiskIdentity identity, long capacityBytes, int logicalBlockBytes,
                          int physicalBlockBytes, HealthVerdict verdict, String verdictDetail,
                          List<SmartAttribute> attributes, Optional<NvmeHealthLog> nvmeHealth, HealthSnapshot health,
                          List<String> notes) {
    public ProbeResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(verdictDetail, "verdictDetail");
        Objects.requireNonNull(nvmeHealth, "nvmeHealth");
        Objects.requireNonNull(health, "health");
        attributes = List.copyOf(attributes);
        notes = List.copyOf(notes);
    }
}
