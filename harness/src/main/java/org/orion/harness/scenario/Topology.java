package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated hardware of a scenario and the array built on it.
 *
 * @param controllers simulated host adapters, each with its disks
 * @param array       the array to create over some of the disks
 */
public record Topology(List<ControllerDef> controllers, ArrayDef array) {
    public Topology {
        controllers = List.copyOf(controllers);
    }

    /**
     * One simulated controller.
     *
     * @param name      controller name ({@code sata0}); disks are {@code name/disk} to the array
     * @param transport {@code sata}, {@code sas} or {@code nvme}
     * @param disks     its disks in port order
     */
    public record ControllerDef(String name, String transport, List<DiskDef> disks) {
        public ControllerDef {
            disks = List.copyOf(disks);
        }
    }

    /**
     * One simulated heap disk (512-byte logical, 4 KiB physical blocks).
     *
     * @param name          name, unique in the scenario ({@code d0})
     * @param sizeBytes     capacity
     * @param volatileCache completed writes are lost at power loss until flushed
     */
    public record DiskDef(String name, long sizeBytes, boolean volatileCache) {
    }

    /**
     * The array.
     *
     * @param name        array name (md's set name)
     * @param level       0, 1, 4, 5, 6 or 10
     * @param layout      md layout name, or "" for the level's default
     * @param chunkBytes  chunk size (ignored by RAID1)
     * @param members     disk names in slot order ({@code "missing"} leaves a slot empty)
     * @param spares      disk names of the spares
     * @param assumeClean create without the initial resync
     */
    public record ArrayDef(String name, int level, String layout, int chunkBytes, List<String> members,
                           List<String> spares, boolean assumeClean) {
        public ArrayDef {
            members = List.copyOf(members);
            spares = List.copyOf(spares);
        }
    }

    /** Every disk with its controller, in declaration order. */
    public List<PlacedDisk> disks() {
        List<PlacedDisk> out = new ArrayList<>();
        for (ControllerDef c : controllers) {
            for (DiskDef d : c.disks()) {
                out.add(new PlacedDisk(c.name(), d));
            }
        }
        return out;
    }

    public Optional<PlacedDisk> disk(String name) {
        return disks().stream().filter(d -> d.disk().name().equals(name)).findFirst();
    }

    /** A disk and the controller it sits on. */
    public record PlacedDisk(String controller, DiskDef disk) {
        /** The device name the array sees: {@code controller/disk}. */
        public String deviceName() {
            return controller + "/" + disk.name();
        }
    }
}
