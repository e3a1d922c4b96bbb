package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.HostDevice;
import org.orion.harness.config.ByteSizes;

/**
 * The "host block devices" part of {@code orion hw list}: the host's real disks as the
 * {@link org.orion.driver.api.spi.HostHardware} provider lists them, or one line saying why they
 * cannot be listed (no provider on the class path, no /sys).
 *
 * @param devices     the host's devices (empty when unavailable)
 * @param unavailable why the host could not be listed, or null
 */
record HostDevicesTable(List<HostDevice> devices, String unavailable) {
    static final String TITLE = "host block devices";

    HostDevicesTable {
        devices = List.copyOf(devices);
    }

    /** Asks the provider; never fails (the reason becomes the section's one line). */
    static HostDevicesTable read() {
        try {
            return new HostDevicesTable(HostHardwareLookup.require().discover(), null);
        } catch (OrionException e) {
            return new HostDevicesTable(List.of(), e.getMessage());
        }
    }

    /** The title line and the table, or the title and the reason. */
    String text() {
        if (unavailable != null) {
            return TITLE + ": not shown: " + unavailable + "\n";
        }
        if (devices.isEmpty()) {
            return TITLE + ": none with a non-zero size\n";
        }
        TextTable table = new TextTable("DEVICE", "TRANSPORT", "MODEL", "SERIAL", "CAPACITY", "BYTES", "LOGICAL",
                "PHYSICAL", "ROTATIONAL", "IN_USE", "DETAILS");
        for (HostDevice d : devices) {
            table.row(d.devicePath(), d.bus(), dash(d.model()), dash(d.serial()), ByteSizes.human(d.sizeBytes()),
                    d.sizeBytes(), d.logicalBlockBytes(), d.physicalBlockBytes(), yesNo(d.rotational()),
                    yesNo(d.inUse()), details(d));
        }
        return TITLE + ":\n" + table.render();
    }

    /** Usage first, then the loop backing file and flags nobody would guess. */
    private static String details(HostDevice d) {
        List<String> parts = new ArrayList<>();
        if (d.inUse()) {
            parts.add(d.usage());
        }
        if (!d.backingFile().isEmpty()) {
            parts.add("backing file " + d.backingFile());
        }
        if (d.readOnly()) {
            parts.add("read-only");
        }
        if (d.removable()) {
            parts.add("removable");
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** The {@code host} array of the JSON document. */
    List<Object> json() {
        List<Object> list = new ArrayList<>();
        for (HostDevice d : devices) {
            Map<String, Object> device = new LinkedHashMap<>();
            device.put("name", d.name());
            device.put("path", d.devicePath().toString());
            device.put("transport", d.bus());
            device.put("vendor", d.vendor());
            device.put("model", d.model());
            device.put("serial", d.serial());
            device.put("firmware", d.firmware());
            device.put("wwn", d.wwn());
            device.put("capacity_bytes", d.sizeBytes());
            device.put("capacity", ByteSizes.human(d.sizeBytes()));
            device.put("logical_block_bytes", d.logicalBlockBytes());
            device.put("physical_block_bytes", d.physicalBlockBytes());
            device.put("rotational", d.rotational());
            device.put("removable", d.removable());
            device.put("read_only", d.readOnly());
            device.put("partitions", new ArrayList<Object>(d.partitions()));
            device.put("in_use", d.inUse());
            device.put("usage", d.usage());
            device.put("backing_file", d.backingFile());
            list.add(device);
        }
        return list;
    }

    private static String dash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
