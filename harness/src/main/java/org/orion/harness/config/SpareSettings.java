package org.orion.harness.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated spare pool: {@code [spares] pool} (global spares any array may take) and the
 * {@code [[spare_groups]]}. Every disk named here is defined under {@code [[controllers]]}, belongs
 * to no array and is named once; every group is used by at least one array.
 *
 * @param pool   global spares, in the order they are handed out
 * @param groups spare groups, in file order
 */
public record SpareSettings(List<String> pool, List<SpareGroupSpec> groups) {
    public static final SpareSettings NONE = new SpareSettings(List.of(), List.of());

    public SpareSettings {
        pool = List.copyOf(pool);
        groups = List.copyOf(groups);
    }

    /** The group named {@code name}, if any. */
    public Optional<SpareGroupSpec> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The group a pool disk is reserved for; empty for a global spare (or a disk not in the pool). */
    public Optional<String> groupOf(String disk) {
        return groups.stream().filter(g -> g.spares().contains(disk)).map(SpareGroupSpec::name).findFirst();
    }

    /** Every pool disk: the global ones, then each group's. */
    public List<String> allPoolDisks() {
        List<String> out = new ArrayList<>(pool);
        groups.forEach(g -> out.addAll(g.spares()));
        return out;
    }

    /** True when {@code disk} is a pool disk (global or a group's). */
    public boolean inPool(String disk) {
        Objects.requireNonNull(disk, "disk");
        return pool.contains(disk) || groupOf(disk).isPresent();
    }
}
