package org.orion.raid.assembly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.raid.level.LevelManager;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.md.DevRoles;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.MdUuid;
import org.orion.raid.md.Superblock1;
import org.orion.raid.md.SuperblockLocator;

/**
 * Decides how member devices form an array, the way md does (md-format.md §1.4, §1.7): every
 * device must carry a valid superblock of the same array; the one with the highest event count
 * is the truth; a device more than one event behind is stale and left out; roles come from the
 * freshest dev_roles; the array starts degraded when the level survives the missing slots; a
 * dirty degraded RAID4/5/6 is refused unless forced; the chosen members' bad-block logs are read.
 * Reads only: nothing is written here.
 */
public final class ArrayAssembler {
    private ArrayAssembler() {
    }

    public static AssemblyPlan plan(List<BlockDevice> devices, AssembleOptions options) {
        if (devices.isEmpty()) {
            throw new OrionException(ErrorCode.USAGE, "no member devices given: list the array's members");
        }
        Set<String> seen = new HashSet<>();
        List<String> unreadable = new ArrayList<>();
        Map<MdUuid, List<AssemblyPlan.Slot>> byArray = new LinkedHashMap<>();
        for (BlockDevice device : devices) {
            String name = device.info().name();
            if (!seen.add(name)) {
                throw new OrionException(ErrorCode.USAGE, name + " is listed twice: list each member once");
            }
            Optional<SuperblockLocator.Found> found;
            try {
                found = SuperblockLocator.find(device);
            } catch (OrionException e) {
                if (e.code() != ErrorCode.IO) {
                    throw e;
                }
                // A device that fails the read of its superblock cannot serve the array either:
                // leave it out (md does the same) and let the others decide whether the array
                // can start; a failed read is no proof that it belongs elsewhere.
                unreadable.add(name + ": " + e.getMessage() + ": left out");
                continue;
            }
            if (found.isEmpty()) {
                throw new OrionException(ErrorCode.NOT_FOUND, name + " has no md superblock: it is not a member of any"
                        + " array (check the device name, or create an array with --create)");
            }
            Superblock1 sb = found.get().superblock();
            byArray.computeIfAbsent(sb.setUuid(), k -> new ArrayList<>()).add(new AssemblyPlan.Slot(device, sb));
        }
        if (byArray.size() > 1) {
            StringBuilder sets = new StringBuilder();
            for (Map.Entry<MdUuid, List<AssemblyPlan.Slot>> e : byArray.entrySet()) {
                sets.append(sets.length() == 0 ? "" : "; ").append(e.getKey()).append(": ");
                e.getValue().forEach(s -> sets.append(s.device().info().name()).append(' '));
            }
            throw new OrionException(ErrorCode.CONFLICT, "the devices belong to " + byArray.size()
                    + " different arrays (" + sets.toString().trim() + "): assemble each array with its own members");
        }
        if (byArray.isEmpty()) {
            throw new OrionException(ErrorCode.IO, "no member's superblock could be read (" + String.join("; ",
                    unreadable) + "): check the devices and their connections");
        }
        return planOne(byArray.values().iterator().next(), options, unreadable);
    }

    private static AssemblyPlan planOne(List<AssemblyPlan.Slot> found, AssembleOptions options,
                                        List<String> unreadable) {
        Superblock1 freshest = found.get(0).superblock();
        for (AssemblyPlan.Slot s : found) {
            if (Long.compareUnsigned(s.superblock().events(), freshest.events()) > 0) {
                freshest = s.superblock();
            }
        }
        String name = options.name() != null ? options.name() : freshest.shortName();
        for (AssemblyPlan.Slot s : found) {
            Superblock1 sb = s.superblock();
            if (sb.level() != freshest.level() || sb.layout() != freshest.layout()
                    || sb.chunkSectors() != freshest.chunkSectors() || sb.raidDisks() != freshest.raidDisks()) {
                throw new OrionException(ErrorCode.CORRUPT, s.device().info().name() + " disagrees with "
                        + "the freshest member about the geometry (level/layout/chunk/raid_disks " + sb.level() + "/"
                        + sb.layout() + "/" + sb.chunkSectors() + "/" + sb.raidDisks() + " vs " + freshest.level() + "/"
                        + freshest.layout() + "/" + freshest.chunkSectors() + "/" + freshest.raidDisks()
                        + "): it is not a current member; leave it out");
            }
        }
        DevRoles roles = freshest.devRoles();
        int raidDisks = freshest.raidDisks();
        List<AssemblyPlan.Slot> slots = new ArrayList<>();
        for (int i = 0; i < raidDisks; i++) {
            slots.add(null);
        }
        List<AssemblyPlan.Slot> spares = new ArrayList<>();
        List<String> notes = new ArrayList<>(unreadable);
        AssemblyPlan.Recovering recovering = null;
        for (AssemblyPlan.Slot s : found) {
            Superblock1 sb = s.superblock();
            String device = s.device().info().name();
            int role = sb.devNumber() < roles.size() ? roles.roleOf(sb.devNumber()) : DevRoles.SPARE;
            if (role == DevRoles.SPARE) {
                spares.add(s);
                continue;
            }
            long behind = freshest.events() - sb.events();
            if (behind > 1) {
                notes.add(device + " is stale (events " + sb.events() + ", the array is at " + freshest.events()
                        + "): left out; add it back to rebuild it");
                continue;
            }
            if (role == DevRoles.FAULTY) {
                notes.add(device + " was marked faulty: left out");
                continue;
            }
            if (DevRoles.isSlot(role) && role < raidDisks
                    && (sb.hasFeature(FeatureMap.RECOVERY_OFFSET) || sb.hasFeature(FeatureMap.REPLACEMENT))) {
                if (recovering == null) {
                    recovering = new AssemblyPlan.Recovering(role, s);
                    notes.add(device + " was being rebuilt into slot " + role + ": the rebuild resumes at sector "
                            + sb.recoveryOffsetSectors());
                } else {
                    notes.add(device + " was being rebuilt too; only one rebuild runs at a time: left out");
                }
                continue;
            }
            if (!DevRoles.isSlot(role) || role >= raidDisks) {
                notes.add(device + " has role " + role + " which this array does not use: left out");
                continue;
            }
            if (slots.get(role) != null) {
                AssemblyPlan.Slot other = slots.get(role);
                boolean keepOther = other.superblock().events() >= sb.events();
                notes.add((keepOther ? device : other.device().info().name()) + " claims slot " + role
                        + " with fewer events than " + (keepOther ? other.device().info().name() : device)
                        + ": left out");
                if (keepOther) {
                    continue;
                }
            }
            slots.set(role, s);
        }
        // The members chosen (and a half-rebuilt one) bring their bad-block logs: the array must never
        // read what they record, from the first request on. A damaged log stops assembly here.
        for (int i = 0; i < raidDisks; i++) {
            if (slots.get(i) != null) {
                slots.set(i, MemberBadBlocks.withLogRead(slots.get(i)));
            }
        }
        if (recovering != null) {
            recovering = new AssemblyPlan.Recovering(recovering.slotNumber(), MemberBadBlocks.withLogRead(recovering.slot()));
        }
        RaidLayout layout = layoutOf(freshest, slots);
        boolean[] missing = new boolean[raidDisks];
        int missingCount = 0;
        for (int i = 0; i < raidDisks; i++) {
            missing[i] = slots.get(i) == null;
            missingCount += missing[i] ? 1 : 0;
        }
        if (!layout.survives(missing)) {
            throw new OrionException(ErrorCode.UNSAFE, name + ": only " + (raidDisks - missingCount) + " of "
                    + raidDisks + " members are present and current, not enough to start " + layout.levelName()
                    + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
        }
        boolean dirty = freshest.resyncOffsetSectors() != Superblock1.MAX_SECTOR;
        if (dirty && missingCount > 0 && layout.parityBlocks() > 0 && !options.force() && !options.readOnly()) {
            throw new OrionException(ErrorCode.UNSAFE, name + " was not stopped cleanly and is degraded (" + missingCount
                    + " missing): stripes being written at the crash may have parity that does not match their data,"
                    + " so data reconstructed for the missing member could be wrong and cannot be resynced."
                    + " Add the missing member if you have it, or use --force to start anyway (md's rule)");
        }
        if (missingCount > 0) {
            notes.add(name + " starts degraded: " + missingCount + " of " + raidDisks + " slot(s) missing");
        }
        return new AssemblyPlan(name, layout, slots, spares, notes, freshest, roles, dirty,
                dirty ? Math.max(0, freshest.resyncOffsetSectors()) : 0, options.readOnly() ? null : recovering);
    }

    /**
     * mdadm's rule for an assembly without {@code --run}: it starts only when it fills every slot that
     * was active when the array last ran. A member gone without the array having recorded its failure
     * may be the only one with the newest data (the members present could have been failed out
     * earlier, their superblocks never told), so a person, not a scan, must decide to start without it.
     */
    public static void requireEveryActiveSlot(AssemblyPlan plan) {
        int filled = plan.slotsFilled();
        int wanted = plan.slotsActiveWhenLastRun();
        if (filled < wanted) {
            List<String> why = plan.notes().stream().filter(n -> !n.contains(" starts degraded")).toList();
            throw new OrionException(ErrorCode.UNSAFE, plan.name() + " assembled from " + filled + " drive"
                    + (filled == 1 ? "" : "s") + " - need all " + wanted + " to start it (use --run to insist)"
                    + (why.isEmpty() ? "" : ": " + String.join("; ", why)));
        }
    }

    /** The layout the freshest superblock describes, sized from it (RAID0 from each member's data size). */
    static RaidLayout layoutOf(Superblock1 sb, List<AssemblyPlan.Slot> slots) {
        int chunkBytes = sb.chunkSectors() * 512;
        if (sb.level() == 0) {
            long[] sizes = new long[sb.raidDisks()];
            for (int i = 0; i < sizes.length; i++) {
                AssemblyPlan.Slot s = slots.get(i);
                if (s == null) {
                    throw new OrionException(ErrorCode.UNSAFE, "raid0 member " + i + " is missing: raid0 has no redundancy");
                }
                sizes[i] = s.superblock().dataSizeSectors() * 512 / chunkBytes * chunkBytes;
            }
            return LevelManager.createRaid0(sb.layout(), chunkBytes, sizes);
        }
        return LevelManager.create(sb.level(), sb.layout(), chunkBytes, sb.raidDisks(), sb.sizeSectors() * 512);
    }
}
