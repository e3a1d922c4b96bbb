package org.orion.harness.config;

import java.util.List;
import java.util.Objects;

/**
 * One validated {@code [[spare_groups]]} entry: mdadm's spare-group. Arrays that name it in
 * {@code spare_group} lend each other their idle spares (MoveSpare), and may take the pool disks
 * listed here, which no array outside the group may take.
 *
 * @param name   the group's name, which {@code [[arrays]] spare_group} refers to
 * @param spares {@code controller/disk} names of pool disks reserved for the group's arrays
 */
public record SpareGroupSpec(String name, List<String> spares) {
    public SpareGroupSpec {
        Objects.requireNonNull(name, "name");
        spares = List.copyOf(spares);
    }
}
