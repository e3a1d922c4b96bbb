package org.orion.harness.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code [[arrays]]}: checks each array's level against {@code [raid]}, that its members and
 * spares are disks some controller defines, that no disk serves two arrays, and that the member
 * count fits the level and {@code array_max_devices}.
 */
final class ArraySectionReader {
    private static final String[] KEYS = {"name", "level", "members", "spares", "chunk", "layout", "legs", "create",
        "spare_group"};

    private final RaidSettings raid;
    private final List<String> devices;
    private final Map<String, String> usedBy = new HashMap<>();
    private final Map<String, Long> diskBytes = new HashMap<>();
    private final Set<String> spareGroups;

    /** @param spareGroups the names of the {@code [[spare_groups]]} entries, for {@code spare_group} */
    ArraySectionReader(RaidSettings raid, List<ControllerSpec> controllers, Set<String> spareGroups) {
        this.raid = raid;
        this.devices = new ArrayList<>();
        this.spareGroups = Set.copyOf(spareGroups);
        for (ControllerSpec controller : controllers) {
            for (DiskSpec disk : controller.disks()) {
                devices.add(controller.deviceName(disk));
                diskBytes.put(controller.deviceName(disk), disk.capacityBytes());
            }
        }
    }

    List<ArraySpec> read(TomlSection root) {
        List<ArraySpec> arrays = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (TomlSection entry : root.tables("arrays", i -> "[[arrays]] #" + (i + 1) + ":", KEYS)) {
            String name = HardwareSectionReader.name(entry);
            if (!names.add(name)) {
                throw entry.problem("name", "is used by another array", "a name unique among [[arrays]]");
            }
            arrays.add(array(entry.relabel("[[arrays]] " + name + ":"), name));
        }
        return arrays;
    }

    private ArraySpec array(TomlSection entry, String name) {
        entry.rejectUnknownKeys();
        int level = level(entry);
        List<String> members = disks(entry, "members", name);
        List<String> spares = disks(entry, "spares", name);
        if (members.size() < RaidLevels.minMembers(level)) {
            throw entry.problem("members", "has " + members.size() + " disk(s), too few for RAID" + level,
                    "at least " + RaidLevels.minMembers(level) + " for RAID" + level);
        }
        if (members.size() + spares.size() > raid.arrayMaxDevices()) {
            throw entry.problem("members", "plus spares make " + (members.size() + spares.size())
                    + " devices, more than [raid] array_max_devices", "at most " + raid.arrayMaxDevices());
        }
        long chunk = RaidSectionReader.chunkSize(entry, "chunk", ByteSizes.exact(raid.arrayChunkBytes()));
        String layout = entry.string("layout").orElse(RaidLevels.defaultLayout(level));
        if (!RaidLevels.acceptsLayout(level, layout, members.size())) {
            throw entry.problem("layout", "is not a layout of RAID" + level, RaidLevels.allowedLayouts(level));
        }
        int legs = legs(entry, level, members.size());
        Map<String, ArraySpec.CreatePolicy> policies = new LinkedHashMap<>();
        for (ArraySpec.CreatePolicy policy : ArraySpec.CreatePolicy.values()) {
            policies.put(policy.configName(), policy);
        }
        ArraySpec.CreatePolicy create = entry.choice("create", policies, "never");
        checkSpareSizes(entry, members, spares);
        return new ArraySpec(name, level, members, spares, chunk, layout, legs, create, spareGroup(entry));
    }

    /** A spare smaller than the smallest member could never rebuild a slot: refuse it now, not at the failure. */
    private void checkSpareSizes(TomlSection entry, List<String> members, List<String> spares) {
        long smallestMember = members.stream().mapToLong(diskBytes::get).min().orElse(0);
        for (String spare : spares) {
            if (diskBytes.get(spare) < smallestMember) {
                throw entry.problem("spares", "lists '" + spare + "' (" + diskBytes.get(spare) + " bytes), smaller "
                        + "than the array's smallest member (" + smallestMember + " bytes)",
                        "spares at least as large as every member");
            }
        }
    }

    private Optional<String> spareGroup(TomlSection entry) {
        Optional<String> group = entry.string("spare_group");
        if (group.isPresent() && !spareGroups.contains(group.get())) {
            throw entry.problem("spare_group", "names no [[spare_groups]] entry", spareGroups.isEmpty()
                    ? "the name of a [[spare_groups]] entry (none is defined)"
                    : "one of " + String.join(", ", spareGroups.stream().sorted().toList()));
        }
        return group;
    }

    private int level(TomlSection entry) {
        String supported = RaidSectionReader.joined(raid.raidLevelSupport()) + " ([raid] raid_level_support)";
        int level = (int) entry.integer("level", raid.raidLevelDefault(), Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (!RaidLevels.isKnown(level)) {
            throw entry.problem("level", "is not a RAID level", supported);
        }
        if (!raid.supports(level)) {
            throw entry.problem("level", "is not in [raid] raid_level_support", supported);
        }
        return level;
    }

    private List<String> disks(TomlSection entry, String key, String array) {
        String allowed = "disks defined under [[controllers]], written \"controller/disk\""
                + (devices.isEmpty() ? " (none are defined)" : ", e.g. \"" + devices.get(0) + "\"");
        if (key.equals("members") && !entry.has(key)) {
            throw entry.missing(key, allowed);
        }
        List<String> disks = entry.stringList(key, allowed);
        Set<String> seen = new HashSet<>();
        for (String disk : disks) {
            if (!devices.contains(disk)) {
                throw entry.problem(key, "names '" + disk + "', which no [[controllers.disks]] entry defines", allowed);
            }
            if (!seen.add(disk)) {
                throw entry.problem(key, "lists '" + disk + "' twice", "each disk once");
            }
            String owner = usedBy.putIfAbsent(disk, array);
            if (owner != null) {
                throw entry.problem(key, "uses '" + disk + "', which already belongs to array " + owner,
                        "a disk serves one array");
            }
        }
        return disks;
    }

    private static int legs(TomlSection entry, int level, int members) {
        boolean nested = level == 50 || level == 60;
        if (!nested) {
            if (entry.has("legs")) {
                throw entry.problem("legs", "only applies to RAID50 and RAID60", "leave it out for RAID" + level);
            }
            return 1;
        }
        int perLegMin = level == 50 ? 3 : 4;
        int legs = (int) entry.integer("legs", 2, 2, 64);
        if (members % legs != 0 || members / legs < perLegMin) {
            String allowed = "a divisor of the member count leaving at least " + perLegMin + " per leg";
            if (entry.has("legs")) {
                throw entry.problem("legs", "does not split " + members + " members into equal RAID" + (level / 10)
                        + " legs of at least " + perLegMin + " members", allowed);
            }
            throw entry.tableProblem(members + " members do not split into 2 equal RAID" + (level / 10)
                    + " legs (legs defaults to 2) of at least " + perLegMin + " members (allowed: set legs to "
                    + allowed + ")");
        }
        return legs;
    }
}
