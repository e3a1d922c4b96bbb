package org.orion.harness.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.orion.driver.api.hw.Transport;

/** Reads {@code [[controllers]]} and their {@code [[controllers.disks]]} into specs of simulated hardware. */
final class HardwareSectionReader {
    static final String NAME_RULE = "1-32 letters, digits, '_', '-' or '.', starting with a letter or digit";
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_.-]{0,31}";
    private static final String[] CONTROLLER_KEYS = {"name", "transport", "queue_depth", "latency",
        "read_latency_us", "write_latency_us", "flush_latency_us", "bandwidth", "disks"};
    private static final String[] DISK_KEYS = {"name", "size", "logical_block", "physical_block", "backing", "path",
        "volatile_cache"};
    /** ext4's largest file; a sparse image beyond it fails on the most common file system. */
    private static final long MAX_FILE_DISK_BYTES = 16 * ByteSizes.TIB;
    /** The heap simulator keeps one slot per MiB; 1 TiB costs 8 MiB of table, beyond that use a file. */
    private static final long MAX_HEAP_DISK_BYTES = ByteSizes.TIB;
    private static final long MAX_LATENCY_US = 10_000_000;

    private final Path configDir;
    private final Path stateDir;
    private final Map<Path, String> imageOwners = new HashMap<>();

    HardwareSectionReader(Path configDir, Path stateDir) {
        this.configDir = configDir;
        this.stateDir = stateDir;
    }

    List<ControllerSpec> read(TomlSection root) {
        List<ControllerSpec> controllers = new ArrayList<>();
        Map<String, Boolean> names = new LinkedHashMap<>();
        for (TomlSection entry : root.tables("controllers", i -> "[[controllers]] #" + (i + 1) + ":", CONTROLLER_KEYS)) {
            String name = name(entry);
            if (names.put(name, true) != null) {
                throw entry.problem("name", "is used by another controller", "a name unique among [[controllers]]");
            }
            controllers.add(controller(entry.relabel("[[controllers]] " + name + ":"), name));
        }
        return controllers;
    }

    private ControllerSpec controller(TomlSection entry, String name) {
        entry.rejectUnknownKeys();
        Map<String, Transport> transports = new LinkedHashMap<>();
        transports.put("sata", Transport.SATA);
        transports.put("sas", Transport.SAS);
        transports.put("nvme", Transport.NVME);
        Transport transport = entry.choice("transport", transports, null);
        OptionalInt queueDepth = entry.optionalInteger("queue_depth", 1, 65535)
                .map(depth -> OptionalInt.of(depth.intValue())).orElse(OptionalInt.empty());
        LatencySpec latency = latency(entry);
        List<DiskSpec> disks = new ArrayList<>();
        Map<String, Boolean> diskNames = new HashMap<>();
        for (TomlSection diskEntry : entry.tables("disks",
                i -> "[[controllers.disks]] " + name + " #" + (i + 1) + ":", DISK_KEYS)) {
            String diskName = name(diskEntry);
            if (diskNames.put(diskName, true) != null) {
                throw diskEntry.problem("name", "is used by another disk of controller " + name,
                        "a name unique within its controller");
            }
            disks.add(disk(diskEntry.relabel("[[controllers.disks]] " + name + "/" + diskName + ":"), name, diskName));
        }
        return new ControllerSpec(name, transport, queueDepth, latency, disks);
    }

    private LatencySpec latency(TomlSection entry) {
        Map<String, Boolean> modes = new LinkedHashMap<>();
        modes.put("typical", false);
        modes.put("zero", true);
        boolean zero = entry.choice("latency", modes, "typical");
        OptionalLong read = micros(entry, "read_latency_us");
        OptionalLong write = micros(entry, "write_latency_us");
        OptionalLong flush = micros(entry, "flush_latency_us");
        OptionalLong bandwidth = entry.has("bandwidth")
                ? OptionalLong.of(entry.size("bandwidth", null, ByteSizes.MIB, 64 * ByteSizes.GIB)) : OptionalLong.empty();
        if (zero) {
            for (String key : List.of("read_latency_us", "write_latency_us", "flush_latency_us", "bandwidth")) {
                if (entry.has(key)) {
                    throw entry.problem(key, "cannot be combined with latency = \"zero\"",
                            "leave it out, or use latency = \"typical\"");
                }
            }
            return LatencySpec.ZERO;
        }
        return new LatencySpec(false, read, write, flush, bandwidth);
    }

    private static OptionalLong micros(TomlSection entry, String key) {
        return entry.optionalInteger(key, 0, MAX_LATENCY_US).map(us -> OptionalLong.of(us * 1000))
                .orElse(OptionalLong.empty());
    }

    private DiskSpec disk(TomlSection entry, String controller, String name) {
        entry.rejectUnknownKeys();
        int logical = blockSize(entry, "logical_block", 512, 512);
        int physical = blockSize(entry, "physical_block", Math.max(4096, logical), logical);
        Map<String, DiskSpec.Backing> backings = new LinkedHashMap<>();
        backings.put("file", DiskSpec.Backing.FILE);
        backings.put("heap", DiskSpec.Backing.HEAP);
        DiskSpec.Backing backing = entry.choice("backing", backings, "file");
        long maxBytes = backing == DiskSpec.Backing.FILE ? MAX_FILE_DISK_BYTES : MAX_HEAP_DISK_BYTES;
        long capacity = entry.size("size", null, ByteSizes.MIB, maxBytes);
        if (capacity % logical != 0) {
            throw entry.problem("size", "is not a multiple of the logical block (" + logical + " bytes)",
                    "a multiple of logical_block");
        }
        Path image = null;
        if (backing == DiskSpec.Backing.FILE) {
            image = entry.string("path").map(p -> configDir.resolve(p).normalize())
                    .orElse(stateDir.resolve("disks").resolve(controller + "-" + name + ".img"));
            String owner = imageOwners.putIfAbsent(image, controller + "/" + name);
            if (owner != null) {
                throw (entry.has("path") ? entry.problem("path", "is also the image of " + owner, "a file no other disk uses")
                        : entry.tableProblem("uses image " + image + " which is also the image of " + owner
                                + " (allowed: give one of them a different 'path')"));
            }
        } else if (entry.has("path")) {
            throw entry.problem("path", "only applies to backing = \"file\"", "leave it out for heap disks");
        }
        boolean volatileCache = entry.bool("volatile_cache", true);
        return new DiskSpec(name, capacity, logical, physical, backing, image, volatileCache);
    }

    private static int blockSize(TomlSection entry, String key, int defaultBytes, int minBytes) {
        String allowed = "a power of two from " + minBytes + " to 65536 bytes; disks use 512 or 4096";
        long bytes = entry.has(key) ? entry.size(key, null, minBytes, 64 * ByteSizes.KIB) : defaultBytes;
        if (Long.bitCount(bytes) != 1) {
            throw entry.problem(key, "is not a power of two", allowed);
        }
        return (int) bytes;
    }

    /** A controller, disk or array name, which must be usable in {@code controller/disk} device names. */
    static String name(TomlSection entry) {
        String name = entry.requiredString("name", NAME_RULE);
        if (!name.matches(NAME_PATTERN)) {
            throw entry.problem("name", "is not a valid name", NAME_RULE);
        }
        return name;
    }
}
