package org.orion.hw.linux;

import java.util.List;
import java.util.Optional;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.hw.linux.passthru.NvmeSmartLog;
import org.orion.hw.linux.passthru.SmartAttribute;

/**
 * What {@link DeviceProbe} found: roughly {@code smartctl -i -H -A} as a value.
 *
 * @param name               the probed path
 * @param bus                how the device is attached
 * @param identity           vendor, model, serial, firmware, WWN
 * @param capacityBytes      capacity the device reports (pass-through when available, else the kernel's)
 * @param logicalBlockBytes  logical block size
 * @param physicalBlockBytes physical block size
 * @param verdict            the device's own health verdict
 * @param verdictDetail      why ("SMART RETURN STATUS: threshold exceeded", "not supported by this device ...")
 * @param ataAttributes      SMART attribute table of an ATA disk, else empty
 * @param nvmeHealth         the NVMe SMART / Health log, if NVMe
 * @param health             the counters as the kernel's health monitor consumes them
 * @param notes              anything that could not be read and why
 */
public record ProbeReport(String name, Bus bus, DiskIdentity identity, long capacityBytes, int logicalBlockBytes,
                          int physicalBlockBytes, HealthVerdict verdict, String verdictDetail,
                          List<SmartAttribute> ataAttributes, Optional<NvmeSmartLog> nvmeHealth, HealthSnapshot health,
                          List<String> notes) {
    public ProbeReport {
        ataAttributes = List.copyOf(ataAttributes);
        notes = List.copyOf(notes);
    }
}
