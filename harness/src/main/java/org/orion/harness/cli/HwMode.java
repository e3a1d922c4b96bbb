package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.driver.api.hw.StorageController;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ByteSizes;
import org.orion.harness.config.ControllerSpec;
import org.orion.harness.config.DiskSpec;
import org.orion.harness.config.OrionConfig;

/**
 * {@code orion hw}: {@code list} shows the controllers and disks the kernel brings up from the
 * configuration (identity, capacity, block sizes, backing, a health verdict) and then the host's own
 * block devices; {@code probe} and {@code test} inspect one real device ({@link HwProbeCommand},
 * {@link HwTestCommand}). Starts no driver.
 */
final class HwMode implements Mode {
    static final String SCHEMA = "orion.hw.list/1";
    static final String USAGE = "orion hw {list|probe|test} ...";
    static final String LIST_USAGE = "orion hw list [--json]";

    @Override
    public String name() {
        return "hw";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "list, probe and burn in storage devices";
    }

    @Override
    public String help() {
        return "  " + LIST_USAGE + "\n"
                + "  " + HwProbeCommand.USAGE + "\n"
                + "  " + HwTestCommand.USAGE + "\n\n"
                + "list   brings up the hardware the configuration describes (simulated controllers create their\n"
                + "       disk images if missing), lists every controller and disk, then the host's block devices\n"
                + "       (transport, model, serial, size, block sizes, rotational, whether in use). Starts no driver.\n"
                + "probe  identity, capacity, the SMART overall-health verdict and attribute table (ATA) or the\n"
                + "       SMART / Health log (NVMe) of a block device or image file, like smartctl -i -H -A.\n"
                + "       Exit status 1 when the device's own verdict is FAILED.\n"
                + "test   a burn-in: --read-only reads the range; --destructive writes a seeded pattern over it\n"
                + "       and reads it back (it opens the device exclusively and refuses one that is mounted or\n"
                + "       holds an md superblock, a file system, swap or a partition table). Prints throughput\n"
                + "       and error counts; exit status 1 when anything failed or mismatched.\n\n"
                + "Options:\n"
                + "  --json          print a JSON document (schemas \"" + SCHEMA + "\", \"" + HwProbeCommand.SCHEMA
                + "\", \"" + HwTestCommand.SCHEMA + "\")\n"
                + "  --read-only     test: only read\n"
                + "  --destructive   test: overwrite the range with a pattern and verify it (destroys its data)\n"
                + "  --range SIZE    test: bytes to test from the start of the device (default: all of it)\n"
                + "  --seed N        test --destructive: pattern seed (default: from the clock, printed)\n";
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        Subcommand sub = Subcommand.of(args, "hw needs a subcommand", USAGE);
        String subcommand = sub.name();
        List<String> rest = sub.rest();
        return switch (subcommand) {
            case "list" -> list(invocation, rest);
            case "probe" -> new HwProbeCommand().run(invocation, rest);
            case "test" -> new HwTestCommand().run(invocation, rest);
            default -> throw new UsageException("unknown hw subcommand '" + subcommand + "'", USAGE);
        };
    }

    private static int list(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(LIST_USAGE).flag("--json").parse(args);
        if (!parsed.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'", LIST_USAGE);
        }
        OrionConfig config = invocation.config();
        try (Kernel kernel = Kernel.create(config, NanoClock.system())) {
            kernel.attachHardware();
            List<ControllerView> views = new ArrayList<>();
            for (StorageController controller : kernel.controllers()) {
                views.add(view(config, controller));
            }
            HostDevicesTable host = HostDevicesTable.read();
            invocation.out().print(parsed.has("--json") ? json(views, host) : text(views) + "\n" + host.text());
        }
        return ExitCodes.OK;
    }

    private static ControllerView view(OrionConfig config, StorageController controller) {
        Optional<ControllerSpec> spec = config.controller(controller.name());
        List<DiskView> disks = new ArrayList<>();
        for (PhysicalDisk disk : controller.disks()) {
            String device = Kernel.deviceName(controller, disk);
            Optional<DiskSpec> diskSpec = spec.flatMap(s -> s.disks().stream()
                    .filter(d -> s.deviceName(d).equals(device)).findFirst());
            String backing = diskSpec.map(d -> d.backing().configName()).orElse("device");
            String path = diskSpec.map(d -> d.backingFile() == null ? "" : d.backingFile().toString()).orElse(disk.info().name());
            disks.add(new DiskView(device, disk.info(), disk.identity(), disk.health(), backing, path));
        }
        return new ControllerView(controller, disks);
    }

    /** What a disk's counters say: FAILED (its own verdict), WARNING (media trouble counted), else PASSED. */
    static String verdict(HealthSnapshot health) {
        if (!health.passed()) {
            return "FAILED";
        }
        if (health.reallocatedSectors() > 0 || health.pendingSectors() > 0 || health.uncorrectableErrors() > 0
                || health.mediaErrors() > 0) {
            return "WARNING";
        }
        return "PASSED";
    }

    private static String text(List<ControllerView> controllers) {
        if (controllers.isEmpty()) {
            return "no controllers: add [[controllers]] entries to the configuration\n";
        }
        TextTable controllerTable = new TextTable("CONTROLLER", "TRANSPORT", "MODEL", "FIRMWARE", "QUEUE", "DISKS");
        TextTable diskTable = new TextTable("DEVICE", "TRANSPORT", "MODEL", "SERIAL", "CAPACITY", "BYTES",
                "LOGICAL", "PHYSICAL", "BACKING", "HEALTH");
        for (ControllerView c : controllers) {
            controllerTable.row(c.controller.name(), c.controller.transport().configName(),
                    c.controller.identity().model(), c.controller.identity().firmware(), c.controller.queueDepth(),
                    c.disks.size());
            for (DiskView d : c.disks) {
                diskTable.row(d.device, c.controller.transport().configName(), d.identity.model(), d.identity.serial(),
                        ByteSizes.human(d.info.capacityBytes()), d.info.capacityBytes(), d.info.logicalBlockBytes(),
                        d.info.physicalBlockBytes(), d.backing, verdict(d.health));
            }
        }
        return controllerTable.render() + "\n" + diskTable.render();
    }

    private static String json(List<ControllerView> controllers, HostDevicesTable host) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        List<Object> list = new ArrayList<>();
        for (ControllerView c : controllers) {
            Map<String, Object> controller = new LinkedHashMap<>();
            controller.put("name", c.controller.name());
            controller.put("transport", c.controller.transport().configName());
            controller.put("vendor", c.controller.identity().vendor());
            controller.put("model", c.controller.identity().model());
            controller.put("firmware", c.controller.identity().firmware());
            controller.put("queue_depth", c.controller.queueDepth());
            List<Object> disks = new ArrayList<>();
            for (DiskView d : c.disks) {
                disks.add(diskJson(d, c.controller));
            }
            controller.put("disks", disks);
            list.add(controller);
        }
        doc.put("controllers", list);
        doc.put("host", host.json());
        doc.put("host_unavailable", host.unavailable());
        return Json.write(doc);
    }

    private static Map<String, Object> diskJson(DiskView d, StorageController controller) {
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("device", d.device);
        disk.put("transport", controller.transport().configName());
        disk.put("vendor", d.identity.vendor());
        disk.put("model", d.identity.model());
        disk.put("serial", d.identity.serial());
        disk.put("firmware", d.identity.firmware());
        disk.put("wwn", d.identity.wwn());
        disk.put("capacity_bytes", d.info.capacityBytes());
        disk.put("capacity", ByteSizes.human(d.info.capacityBytes()));
        disk.put("logical_block_bytes", d.info.logicalBlockBytes());
        disk.put("physical_block_bytes", d.info.physicalBlockBytes());
        disk.put("max_transfer_bytes", d.info.maxTransferBytes());
        disk.put("volatile_cache", d.info.volatileCache());
        disk.put("backing", d.backing);
        disk.put("path", d.path);
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("verdict", verdict(d.health));
        health.put("passed", d.health.passed());
        health.put("reallocated_sectors", d.health.reallocatedSectors());
        health.put("pending_sectors", d.health.pendingSectors());
        health.put("uncorrectable_errors", d.health.uncorrectableErrors());
        health.put("media_errors", d.health.mediaErrors());
        health.put("temperature_celsius", d.health.temperatureCelsius());
        health.put("power_on_hours", d.health.powerOnHours());
        health.put("percentage_used", d.health.percentageUsed());
        disk.put("health", health);
        return disk;
    }

    private record ControllerView(StorageController controller, List<DiskView> disks) {
    }

    private record DiskView(String device, BlockDeviceInfo info, DiskIdentity identity, HealthSnapshot health,
                            String backing, String path) {
    }
}
