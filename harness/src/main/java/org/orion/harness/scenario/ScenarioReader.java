package org.orion.harness.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.harness.config.ByteSizes;
import org.orion.harness.config.TomlSection;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads a scenario file (TOML; the format is in {@code docs/scenarios.md}). The first problem stops
 * the read with an {@link OrionException} of code {@link ErrorCode#CONFIG} whose message is one line:
 * {@code file:line: [table] key = value what is wrong (allowed: ...)}, the same shape as
 * {@code orion.toml} errors. Checks everything that can be checked without building the array:
 * unknown keys, levels and member counts, layouts, disks named by the array and the schedule,
 * spares too small for the members, ranges outside a disk.
 */
public final class ScenarioReader {
    static final String[] ROOT_KEYS = {"name", "description", "controllers", "array", "workload", "schedule", "expect"};
    private static final Map<String, String> TRANSPORTS = Map.of("sata", "sata", "sas", "sas", "nvme", "nvme");
    private static final long MIN_DISK = 1L << 20;
    private static final long MAX_DISK = 1L << 30;

    private ScenarioReader() {
    }

    /** Reads {@code file}; messages name it as {@code displayName}. */
    public static Scenario read(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OrionException(ErrorCode.NOT_FOUND, displayName + ": no such scenario file (check the name)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new OrionException(ErrorCode.CONFIG, displayName + ": cannot read the scenario file: " + e.getMessage()
                    + " (check that it is a readable UTF-8 text file)", e);
        }
        return parse(text, displayName);
    }

    /** Parses scenario text; messages name it as {@code displayName}. */
    public static Scenario parse(String text, String displayName) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError error = toml.errors().get(0);
            throw new OrionException(ErrorCode.CONFIG, displayName + ":" + error.position().line()
                    + ": TOML syntax error: " + error.getMessage() + " (fix the syntax; TOML is described at toml.io)");
        }
        TomlSection root = new TomlSection(displayName, toml, "", null, ROOT_KEYS);
        root.rejectUnknownKeys();
        String name = root.requiredString("name", "a short name for the verdict line");
        String description = root.string("description").orElse("");
        List<Topology.ControllerDef> controllers = controllers(root);
        Map<String, Topology.DiskDef> disks = new LinkedHashMap<>();
        controllers.forEach(c -> c.disks().forEach(d -> disks.put(d.name(), d)));
        Topology.ArrayDef array = ArrayReader.read(root.section("array", "[array]", ArrayReader.KEYS), disks);
        Workload workload = workload(root.section("workload", "[workload]", "operations", "pattern", "read_percent",
                "min_size", "max_size", "flush_every", "concurrency", "op_interval_us", "seed"));
        List<Step> steps = ScheduleReader.read(root, disks, array, workload);
        Expectations expect = expectations(root.section("expect", "[expect]", "data", "state", "events", "no_events",
                "assembly_refused"));
        return new Scenario(name, displayName, description, new Topology(controllers, array), workload, steps, expect);
    }

    private static List<Topology.ControllerDef> controllers(TomlSection root) {
        List<TomlSection> sections = root.tables("controllers", i -> "[[controllers]] #" + (i + 1), "name", "transport",
                "disks", "disk_size", "volatile_cache", "sizes");
        if (sections.isEmpty()) {
            throw root.tableProblem("has no [[controllers]]: describe at least one controller with its disks");
        }
        List<Topology.ControllerDef> out = new ArrayList<>();
        Map<String, String> seenDisks = new HashMap<>();
        for (TomlSection s : sections) {
            s.rejectUnknownKeys();
            String name = s.requiredString("name", "a controller name such as \"sata0\"");
            if (name.isBlank() || name.contains("/") || out.stream().anyMatch(c -> c.name().equals(name))) {
                throw s.problem("name", "is empty, contains '/', or names another controller too", "a unique simple name");
            }
            TomlSection c = s.relabel("[[controllers]] " + name + ":");
            String transport = c.choice("transport", TRANSPORTS, "sata");
            long size = c.size("disk_size", "4M", MIN_DISK, MAX_DISK);
            boolean cache = c.bool("volatile_cache", false);
            TomlSection sizes = c.section("sizes", "[[controllers]] " + name + " sizes:");
            List<Topology.DiskDef> disks = new ArrayList<>();
            for (String disk : c.stringList("disks", "a list of disk names such as [\"d0\", \"d1\"]")) {
                if (disk.isBlank() || disk.contains("/") || disk.equals("missing") || seenDisks.containsKey(disk)) {
                    throw c.problem("disks", "names disk '" + disk + "' that is empty, contains '/', is 'missing', "
                            + "or is already on " + seenDisks.get(disk), "names unique in the whole scenario");
                }
                seenDisks.put(disk, name);
                long diskSize = sizes.has(disk) ? sizes.size(disk, null, MIN_DISK, MAX_DISK) : size;
                disks.add(new Topology.DiskDef(disk, diskSize / 4096 * 4096, cache));
            }
            for (String key : sizes.table().keySet()) {
                if (disks.stream().noneMatch(d -> d.name().equals(key))) {
                    throw sizes.problem(key, "sizes a disk this controller does not have", "names from 'disks'");
                }
            }
            if (disks.isEmpty()) {
                throw c.missing("disks", "a list of disk names such as [\"d0\", \"d1\"]");
            }
            out.add(new Topology.ControllerDef(name, transport, disks));
        }
        return out;
    }

    private static Workload workload(TomlSection w) {
        w.rejectUnknownKeys();
        int operations = (int) w.integer("operations", 200, 0, 1_000_000);
        boolean sequential = w.choice("pattern", Map.of("random", false, "sequential", true), "random");
        int readPercent = (int) w.integer("read_percent", 50, 0, 100);
        long minBytes = w.size("min_size", "4K", 4096, 1L << 20);
        long maxBytes = w.size("max_size", "64K", 4096, 1L << 20);
        if (minBytes % Workload.ALIGN_BYTES != 0) {
            throw w.problem("min_size", "is not a multiple of 4 KiB", "4K, 8K, ...");
        }
        if (maxBytes % Workload.ALIGN_BYTES != 0 || maxBytes < minBytes) {
            throw w.problem("max_size", "is not a multiple of 4 KiB of at least min_size", "4K.." + ByteSizes.exact(1L << 20));
        }
        int flushEvery = (int) w.integer("flush_every", 16, 0, 1_000_000);
        int concurrency = (int) w.integer("concurrency", 1, 1, 64);
        long intervalNanos = w.integer("op_interval_us", 1000, 1, 1_000_000) * 1000;
        long seed = w.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        return new Workload(operations, sequential, readPercent, (int) minBytes, (int) maxBytes, flushEvery, concurrency,
                intervalNanos, seed);
    }

    private static Expectations expectations(TomlSection e) {
        e.rejectUnknownKeys();
        Map<String, Expectations.DataRule> rules = new LinkedHashMap<>();
        for (Expectations.DataRule rule : Expectations.DataRule.values()) {
            rules.put(rule.configName(), rule);
        }
        Expectations.DataRule data = e.choice("data", rules, "intact");
        String state = e.has("state") ? e.choice("state", Map.of("clean", "clean", "degraded", "degraded", "failed",
                "failed"), null) : null;
        List<String> events = e.stringList("events", "event kinds such as \"Fail\", \"SpareActive\"");
        List<String> absent = e.stringList("no_events", "event kinds such as \"SpareActive\"");
        return new Expectations(data, state, events, absent, e.bool("assembly_refused", false));
    }
}
