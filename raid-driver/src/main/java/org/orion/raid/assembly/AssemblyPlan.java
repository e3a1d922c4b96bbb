package org.orion.raid.assembly;

import java.util.List;
import org.orion.driver.api.block.BlockDevice;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.md.DevRoles;
import org.orion.raid.md.Superblock1;

/**
 * What assembly decided: which device serves which slot, which are spares, which were left out
 * and why, and what state the array is in.
 *
 * @param name         array name
 * @param layout       the level layout the superblocks describe
 * @param slots        per slot: the device and its superblock, or null when missing
 * @param spares       devices whose role is spare
 * @param notes        one line per decision worth telling a user ("disk3.img is stale: left out")
 * @param freshest     the superblock with the highest event count (its dev_roles are the truth)
 * @param roles        dev_roles as assembly will write them
 * @param dirty        the array was not stopped cleanly (resync_offset is not all-ones)
 * @param resyncFromSectors where a resync must start (0 = whole array) when dirty
 * @param recovering   a member that was half rebuilt (md's RECOVERY_OFFSET or REPLACEMENT), or null
 */
public record AssemblyPlan(String name, RaidLayout layout, List<Slot> slots, List<Slot> spares, List<String> notes,
                           Superblock1 freshest, DevRoles roles, boolean dirty, long resyncFromSectors,
                           Recovering recovering) {
    /** A member that was being rebuilt into {@code slotNumber} (its recovery_offset says how far). */
    public record Recovering(int slotNumber, Slot slot) {
    }

    /**
     * One member device, the superblock found on it and, for the members assembly chose, the ranges
     * its bad-block log records ({@code [start, end)} byte offsets into its data area).
     */
    public record Slot(BlockDevice device, Superblock1 superblock, List<long[]> badRanges) {
        public Slot {
            badRanges = List.copyOf(badRanges);
        }

        public Slot(BlockDevice device, Superblock1 superblock) {
            this(device, superblock, List.of());
        }
    }

    public AssemblyPlan {
        slots = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(slots));
        spares = List.copyOf(spares);
        notes = List.copyOf(notes);
    }

    /** Slots with no device. */
    public int missingCount() {
        return (int) slots.stream().filter(s -> s == null).count();
    }

    /**
     * Slots that held a member when the array last ran: the slot roles in the freshest dev_roles
     * (a replacement shares its slot with the member it replaces, so slots are counted, not devices).
     */
    public int slotsActiveWhenLastRun() {
        int active = 0;
        for (int slot = 0; slot < slots.size(); slot++) {
            active += freshest.devRoles().countInSlot(slot) > 0 ? 1 : 0;
        }
        return active;
    }

    /** Slots this assembly fills: a chosen member, or the member whose rebuild resumes (mdadm counts both). */
    public int slotsFilled() {
        int filled = slots.size() - missingCount();
        return recovering != null && slots.get(recovering.slotNumber()) == null ? filled + 1 : filled;
    }

    /** Devices that take part (members and spares). */
    public int deviceCount() {
        return slots.size() - missingCount() + spares.size();
    }
}
