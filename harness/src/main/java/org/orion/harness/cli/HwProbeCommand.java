package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.HealthVerdict;
import org.orion.driver.api.hw.NvmeHealthLog;
import org.orion.driver.api.hw.ProbeResult;
import org.orion.driver.api.hw.SmartAttribute;
import org.orion.harness.config.ByteSizes;

/**
 * {@code orion hw probe DEVICE}: identity, capacity and health of one real device, in the shape of
 * {@code smartctl -i -H -A} (an information section, the overall-health line, the ATA attribute table
 * or the NVMe SMART / Health log), or as a JSON document. Devices without health commands (files,
 * loop and virtio devices) get a "not supported by this device" line, not an error.
 */
final class HwProbeCommand {
    static final String USAGE = "orion hw probe DEVICE [--json]";
    static final String SCHEMA = "orion.hw.probe/1";
    static final String HEALTH_LINE = "SMART overall-health self-assessment test result: ";

    int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--json").parse(args);
        List<String> words = parsed.positionals();
        if (words.isEmpty()) {
            throw new UsageException("hw probe needs a DEVICE (a /dev node or an image file)", USAGE);
        }
        if (words.size() > 1) {
            throw new UsageException("unexpected argument '" + words.get(1) + "'", USAGE);
        }
        ProbeResult result = HostHardwareLookup.require().probe(invocation.cwd().resolve(words.get(0)));
        invocation.out().print(parsed.has("--json") ? json(result) : text(result));
        return result.verdict() == HealthVerdict.FAILED ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    static String text(ProbeResult r) {
        StringBuilder out = new StringBuilder();
        out.append("=== identity ===\n");
        field(out, "Device", r.name());
        field(out, "Transport", r.bus());
        field(out, "Vendor", r.identity().vendor());
        field(out, "Model", r.identity().model());
        field(out, "Serial number", r.identity().serial());
        field(out, "Firmware", r.identity().firmware());
        field(out, "WWN", r.identity().wwn());
        field(out, "Capacity", String.format(Locale.ROOT, "%,d bytes [%s]", r.capacityBytes(),
                ByteSizes.human(r.capacityBytes())));
        field(out, "Block sizes", r.logicalBlockBytes() + " bytes logical, " + r.physicalBlockBytes() + " bytes physical");
        out.append("\n=== health ===\n");
        if (r.verdict() == HealthVerdict.NOT_SUPPORTED) {
            out.append("SMART: not supported by this device (").append(r.verdictDetail()).append(")\n");
        } else {
            out.append(HEALTH_LINE).append(r.verdict().name()).append('\n');
            field(out, "Detail", r.verdictDetail());
        }
        field(out, "Counters", counters(r.health()));
        if (!r.attributes().isEmpty()) {
            out.append("\n=== SMART attributes ===\n").append(attributeTable(r.attributes()));
        }
        r.nvmeHealth().ifPresent(log -> out.append("\n=== NVMe SMART / Health log ===\n").append(nvmeText(log)));
        if (!r.notes().isEmpty()) {
            out.append("\n=== notes ===\n");
            for (String note : r.notes()) {
                out.append("- ").append(note).append('\n');
            }
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(String.format("%-15s %s", name + ":", value.isEmpty() ? "-" : value).stripTrailing()).append('\n');
    }

    private static String counters(HealthSnapshot h) {
        return "reallocated sectors " + h.reallocatedSectors() + ", pending sectors " + h.pendingSectors()
                + ", uncorrectable errors " + h.uncorrectableErrors() + ", media errors " + h.mediaErrors()
                + (h.temperatureCelsius() >= 0 ? ", temperature " + h.temperatureCelsius() + " C" : "")
                + (h.powerOnHours() >= 0 ? ", power-on hours " + h.powerOnHours() : "");
    }

    private static String attributeTable(List<SmartAttribute> attributes) {
        TextTable table = new TextTable("ID#", "ATTRIBUTE_NAME", "TYPE", "VALUE", "WORST", "THRESH", "RAW_VALUE");
        for (SmartAttribute a : attributes) {
            table.row(String.format("%3d", a.id()), a.name(), a.preFailure() ? "Pre-fail" : "Old_age",
                    String.format("%03d", a.value()), String.format("%03d", a.worst()),
                    a.threshold() < 0 ? "---" : String.format("%03d", a.threshold()), a.rawValue());
        }
        return table.render();
    }

    private static String nvmeText(NvmeHealthLog log) {
        StringBuilder out = new StringBuilder();
        nvmeField(out, "Critical warning", String.format("0x%02x%s", log.criticalWarning(),
                log.warnings().isEmpty() ? "" : " (" + log.warnings() + ")"));
        nvmeField(out, "Temperature", log.temperatureCelsius() < 0 ? "-" : log.temperatureCelsius() + " Celsius");
        nvmeField(out, "Available spare", log.availableSparePercent() + "%");
        nvmeField(out, "Available spare threshold", log.spareThresholdPercent() + "%");
        nvmeField(out, "Percentage used", log.percentageUsed() + "%");
        nvmeField(out, "Data units read", dataUnits(log.dataUnitsRead()));
        nvmeField(out, "Data units written", dataUnits(log.dataUnitsWritten()));
        nvmeField(out, "Power cycles", String.format(Locale.ROOT, "%,d", log.powerCycles()));
        nvmeField(out, "Power-on hours", String.format(Locale.ROOT, "%,d", log.powerOnHours()));
        nvmeField(out, "Unsafe shutdowns", String.format(Locale.ROOT, "%,d", log.unsafeShutdowns()));
        nvmeField(out, "Media and data integrity errors", String.format(Locale.ROOT, "%,d", log.mediaErrors()));
        nvmeField(out, "Error log entries", String.format(Locale.ROOT, "%,d", log.errorLogEntries()));
        return out.toString();
    }

    private static void nvmeField(StringBuilder out, String name, String value) {
        out.append(String.format("%-33s %s", name + ":", value)).append('\n');
    }

    /** NVMe data units are 1000 blocks of 512 bytes. */
    private static String dataUnits(long units) {
        long bytes = units > Long.MAX_VALUE / 512_000 ? Long.MAX_VALUE : units * 512_000;
        return String.format(Locale.ROOT, "%,d [%s]", units, ByteSizes.human(bytes));
    }

    static String json(ProbeResult r) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("device", r.name());
        doc.put("transport", r.bus());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("vendor", r.identity().vendor());
        identity.put("model", r.identity().model());
        identity.put("serial", r.identity().serial());
        identity.put("firmware", r.identity().firmware());
        identity.put("wwn", r.identity().wwn());
        doc.put("identity", identity);
        doc.put("capacity_bytes", r.capacityBytes());
        doc.put("capacity", ByteSizes.human(r.capacityBytes()));
        doc.put("logical_block_bytes", r.logicalBlockBytes());
        doc.put("physical_block_bytes", r.physicalBlockBytes());
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("verdict", r.verdict());
        health.put("supported", r.verdict() != HealthVerdict.NOT_SUPPORTED);
        health.put("detail", r.verdictDetail());
        HealthSnapshot h = r.health();
        health.put("passed", h.passed());
        health.put("reallocated_sectors", h.reallocatedSectors());
        health.put("pending_sectors", h.pendingSectors());
        health.put("uncorrectable_errors", h.uncorrectableErrors());
        health.put("media_errors", h.mediaErrors());
        health.put("temperature_celsius", h.temperatureCelsius());
        health.put("power_on_hours", h.powerOnHours());
        health.put("percentage_used", h.percentageUsed());
        doc.put("health", health);
        List<Object> attributes = new ArrayList<>();
        for (SmartAttribute a : r.attributes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", a.id());
            row.put("name", a.name());
            row.put("pre_failure", a.preFailure());
            row.put("value", a.value());
            row.put("worst", a.worst());
            row.put("threshold", a.threshold() < 0 ? null : a.threshold());
            row.put("raw_value", a.rawValue());
            attributes.add(row);
        }
        doc.put("attributes", attributes);
        doc.put("nvme_health", r.nvmeHealth().map(HwProbeCommand::nvmeJson).orElse(null));
        doc.put("notes", new ArrayList<Object>(r.notes()));
        return Json.write(doc);
    }

    private static Map<String, Object> nvmeJson(NvmeHealthLog log) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("critical_warning", log.criticalWarning());
        m.put("warnings", log.warnings());
        m.put("temperature_celsius", log.temperatureCelsius());
        m.put("available_spare_percent", log.availableSparePercent());
        m.put("spare_threshold_percent", log.spareThresholdPercent());
        m.put("percentage_used", log.percentageUsed());
        m.put("data_units_read", log.dataUnitsRead());
        m.put("data_units_written", log.dataUnitsWritten());
        m.put("power_cycles", log.powerCycles());
        m.put("power_on_hours", log.powerOnHours());
        m.put("unsafe_shutdowns", log.unsafeShutdowns());
        m.put("media_errors", log.mediaErrors());
        m.put("error_log_entries", log.errorLogEntries());
        return m;
    }
}
