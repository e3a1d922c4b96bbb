package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.orion.harness.config.ByteSizes;
import org.orion.harness.config.RaidLevels;
import org.orion.harness.config.TomlSection;

/**
 * The {@code [array]} table of a scenario: level, layout and chunk as {@code orion.toml} accepts
 * them, members and spares naming declared disks, and topologies that cannot be built refused here
 * (too few members for the level, spares smaller than the members, spares on RAID0).
 */
final class ArrayReader {
    static final String[] KEYS = {"name", "level", "layout", "chunk", "members", "spares", "assume_clean"};
    private static final Set<Integer> LEVELS = Set.of(0, 1, 4, 5, 6, 10);

    private ArrayReader() {
    }

    static Topology.ArrayDef read(TomlSection a, Map<String, Topology.DiskDef> disks) {
        a.rejectUnknownKeys();
        if (!a.has("level")) {
            throw a.missing("level", "0, 1, 4, 5, 6 or 10");
        }
        String name = a.string("name").orElse("md0");
        if (name.isBlank() || name.length() > 32 || name.contains("/")) {
            throw a.problem("name", "is not an array name", "1..32 characters without '/'");
        }
        int level = (int) a.integer("level", 0, 0, 10);
        if (!LEVELS.contains(level)) {
            throw a.problem("level", "is not a level scenarios can build", "0, 1, 4, 5, 6, 10");
        }
        List<String> members = a.stringList("members", "disk names in slot order; \"missing\" leaves a slot empty");
        if (members.size() < RaidLevels.minMembers(level)) {
            throw a.problem("members", "has " + members.size() + " member(s), fewer than raid" + level + " needs",
                    "at least " + RaidLevels.minMembers(level) + " members");
        }
        String layout = a.string("layout").orElse(RaidLevels.defaultLayout(level));
        if (!RaidLevels.acceptsLayout(level, layout, members.size())) {
            throw a.problem("layout", "is not a raid" + level + " layout for " + members.size() + " members",
                    RaidLevels.allowedLayouts(level));
        }
        long chunk = a.size("chunk", "64K", 4096, 16L << 20);
        if (Long.bitCount(chunk) != 1) {
            throw a.problem("chunk", "is not a power of two", "4K, 8K, ... " + ByteSizes.exact(16L << 20));
        }
        List<String> spares = a.stringList("spares", "disk names");
        Set<String> used = new HashSet<>();
        long smallestMember = Long.MAX_VALUE;
        for (String m : members) {
            if (m.equals("missing")) {
                continue;
            }
            checkDisk(a, "members", m, disks, used);
            smallestMember = Math.min(smallestMember, disks.get(m).sizeBytes());
        }
        if (smallestMember == Long.MAX_VALUE) {
            throw a.problem("members", "has no disk, only \"missing\" slots", "at least one disk name");
        }
        if (level == 0 && !spares.isEmpty()) {
            throw a.problem("spares", "gives spares to raid0, which has no redundancy to rebuild", "leave 'spares' out");
        }
        for (String s : spares) {
            checkDisk(a, "spares", s, disks, used);
            if (disks.get(s).sizeBytes() < smallestMember) {
                throw a.problem("spares", "has spare " + s + " of " + ByteSizes.exact(disks.get(s).sizeBytes())
                        + ", smaller than the members' " + ByteSizes.exact(smallestMember) + ": it could never rebuild one",
                        "spares at least as large as the smallest member (an 'add' step can offer a small disk later)");
            }
        }
        return new Topology.ArrayDef(name, level, layout, (int) chunk, members, spares, a.bool("assume_clean", true));
    }

    private static void checkDisk(TomlSection a, String key, String disk, Map<String, Topology.DiskDef> disks,
                                  Set<String> used) {
        if (!disks.containsKey(disk)) {
            throw a.problem(key, "names disk '" + disk + "', which no controller has", String.join(", ", disks.keySet()));
        }
        if (!used.add(disk)) {
            throw a.problem(key, "uses disk '" + disk + "' twice", "each disk once, as a member or a spare");
        }
    }
}
