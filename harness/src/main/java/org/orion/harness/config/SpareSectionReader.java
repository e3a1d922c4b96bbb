package org.orion.harness.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the spare pool: {@code [[spare_groups]]} first (so {@code [[arrays]] spare_group} can be
 * checked against their names), then, once the arrays are known, {@code [spares] pool} and the
 * checks that need both: a pool disk belongs to no array, no disk is named twice, every group has
 * an array, and every pool disk is large enough for at least one array it may serve.
 */
final class SpareSectionReader {
    static final String[] GROUP_KEYS = {"name", "spares"};
    static final String[] POOL_KEYS = {"pool"};

    private final Map<String, Long> diskBytes = new LinkedHashMap<>();
    private final Map<String, TomlSection> groupSections = new LinkedHashMap<>();
    private final Map<String, String> poolOwner = new HashMap<>();
    private final List<SpareGroupSpec> groups = new ArrayList<>();

    SpareSectionReader(List<ControllerSpec> controllers) {
        for (ControllerSpec controller : controllers) {
            for (DiskSpec disk : controller.disks()) {
                diskBytes.put(controller.deviceName(disk), disk.capacityBytes());
            }
        }
    }

    /** Reads {@code [[spare_groups]]}; returns the group names for the arrays' {@code spare_group}. */
    Set<String> readGroups(TomlSection root) {
        for (TomlSection entry : root.tables("spare_groups", i -> "[[spare_groups]] #" + (i + 1) + ":", GROUP_KEYS)) {
            String name = HardwareSectionReader.name(entry);
            if (groupSections.containsKey(name)) {
                throw entry.problem("name", "is used by another spare group", "a name unique among [[spare_groups]]");
            }
            TomlSection group = entry.relabel("[[spare_groups]] " + name + ":");
            group.rejectUnknownKeys();
            groupSections.put(name, group);
            groups.add(new SpareGroupSpec(name, disks(group, "spares", "spare group " + name)));
        }
        return groupSections.keySet();
    }

    /** Reads {@code [spares]} and checks the pool against the arrays. */
    SpareSettings finish(TomlSection root, List<ArraySpec> arrays) {
        TomlSection section = root.section("spares", "[spares]", POOL_KEYS);
        section.rejectUnknownKeys();
        List<String> pool = disks(section, "pool", "the global pool");
        for (ArraySpec array : arrays) {
            for (String disk : concat(array.members(), array.spares())) {
                if (poolOwner.containsKey(disk)) {
                    TomlSection where = sectionOf(poolOwner.get(disk), section);
                    String key = where == section ? "pool" : "spares";
                    throw where.problem(key, "lists '" + disk + "', which is already "
                            + (array.members().contains(disk) ? "a member" : "a spare") + " of array " + array.name(),
                            "disks that belong to no array; a disk is either in one array or in the pool");
                }
            }
        }
        for (SpareGroupSpec group : groups) {
            List<ArraySpec> served = arrays.stream()
                    .filter(a -> a.spareGroup().filter(group.name()::equals).isPresent()).toList();
            if (served.isEmpty()) {
                throw groupSections.get(group.name()).tableProblem("is the spare group of no array (allowed: set "
                        + "spare_group = \"" + group.name() + "\" in an [[arrays]] entry, or remove the group)");
            }
            checkFits(groupSections.get(group.name()), "spares", group.spares(), served);
        }
        checkFits(section, "pool", pool, arrays);
        return new SpareSettings(pool, groups);
    }

    /** Every pool disk must be large enough for at least one array it may serve. */
    private void checkFits(TomlSection where, String key, List<String> disks, List<ArraySpec> arrays) {
        if (arrays.isEmpty()) {
            return;
        }
        long smallestNeed = Long.MAX_VALUE;
        for (ArraySpec array : arrays) {
            smallestNeed = Math.min(smallestNeed, smallestMember(array));
        }
        for (String disk : disks) {
            long bytes = diskBytes.get(disk);
            if (bytes < smallestNeed) {
                throw where.problem(key, "lists '" + disk + "' (" + bytes + " bytes), smaller than the members of "
                        + "every array it could serve (the smallest needs " + smallestNeed + " bytes)",
                        "disks at least as large as the smallest member of an array they may serve");
            }
        }
    }

    long smallestMember(ArraySpec array) {
        return array.members().stream().mapToLong(diskBytes::get).min().orElse(0);
    }

    long bytesOf(String disk) {
        return diskBytes.get(disk);
    }

    private TomlSection sectionOf(String owner, TomlSection poolSection) {
        return owner == null ? poolSection : groupSections.getOrDefault(owner, poolSection);
    }

    /** A list of pool disks: defined, each named once in the whole pool. */
    private List<String> disks(TomlSection entry, String key, String owner) {
        String allowed = "disks defined under [[controllers]], written \"controller/disk\", in no array";
        List<String> disks = entry.stringList(key, allowed);
        for (String disk : disks) {
            if (!diskBytes.containsKey(disk)) {
                throw entry.problem(key, "names '" + disk + "', which no [[controllers.disks]] entry defines", allowed);
            }
            if (poolOwner.containsKey(disk)) {
                String other = poolOwner.get(disk);
                throw entry.problem(key, "lists '" + disk + "' twice (it is already in "
                        + (other == null ? "the global pool" : "spare group " + other) + ")", "each pool disk once");
            }
            poolOwner.put(disk, owner.startsWith("spare group ") ? owner.substring("spare group ".length()) : null);
        }
        return disks;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
