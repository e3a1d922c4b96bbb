package org.orion.raid.assembly;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.raid.level.LevelManager;
import org.orion.raid.md.MdCreatePlan;
import org.orion.raid.md.MdCreateRequest;
import org.orion.raid.md.MdCreateRules;
import org.orion.raid.md.SuperblockLocator;

/**
 * Writes the superblocks of a new array, after checking every member first, so that a refusal
 * leaves every device exactly as it was. The sizes, data offset, roles and resync state follow
 * mdadm ({@link MdCreateRules}), except that RAID4/5 are created with every slot active and their
 * parity resynced (mdadm's {@code --force} form) rather than by rebuilding the last member.
 */
public final class ArrayCreator {
    private ArrayCreator() {
    }

    /**
     * Checks and writes. {@code devices} are in command-line order: {@code raidDevices} slots
     * (null = {@code missing}) followed by spares.
     *
     * @return the assembly plan of the new array, ready for {@link MdArray#start}
     */
    public static AssemblyPlan create(CreateOptions options, List<BlockDevice> devices, long nowSeconds) {
        int expected = options.raidDevices() + options.spareDevices();
        if (devices.size() != expected) {
            throw new OrionException(ErrorCode.USAGE, options.name() + ": --raid-devices=" + options.raidDevices()
                    + " and --spare-devices=" + options.spareDevices() + " need " + expected + " devices, but "
                    + devices.size() + " were given (write 'missing' for an empty slot)");
        }
        LevelManager.levelName(options.level());
        Set<String> names = new HashSet<>();
        List<MdCreateRequest.Device> requested = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            BlockDevice d = devices.get(i);
            if (d == null) {
                if (i >= options.raidDevices()) {
                    throw new OrionException(ErrorCode.USAGE, "'missing' can only stand for a raid slot, not a spare");
                }
                requested.add(MdCreateRequest.Device.missing());
                continue;
            }
            String name = d.info().name();
            if (!names.add(name)) {
                throw new OrionException(ErrorCode.USAGE, name + " is listed twice: give each member once");
            }
            if (!options.force()) {
                refuseIfInUse(d);
            }
            requested.add(new MdCreateRequest.Device(name, d.info().capacitySectors()));
        }
        int layout = options.layoutName() == null ? LevelManager.defaultLayout(options.level())
                : LevelManager.parseLayout(options.level(), options.layoutName());
        boolean parityRebuildsByResync = options.level() == 4 || options.level() == 5;
        MdCreateRequest request = new MdCreateRequest(options.name(), options.homehost(), options.level(), layout,
                options.level() == 1 ? 0 : options.chunkKiB(), options.raidDevices(), requested, options.assumeClean(),
                parityRebuildsByResync, options.sizeKiB(), -1, true, nowSeconds);
        MdCreatePlan plan = MdCreateRules.plan(request, new SecureRandom());
        // Everything is decided and checked: only now touch the devices.
        List<BlockDevice> present = new ArrayList<>();
        for (MdCreatePlan.Member m : plan.members()) {
            BlockDevice d = devices.get(m.deviceIndex());
            SuperblockLocator.write(d, m.superblock());
            present.add(d);
        }
        return ArrayAssembler.plan(present, new AssembleOptions(true, false, options.name()));
    }

    /** A device with an md superblock or a file system is refused: it may hold data someone wants. */
    private static void refuseIfInUse(BlockDevice device) {
        String name = device.info().name();
        var existing = SuperblockLocator.findForExamine(device);
        if (existing.isPresent()) {
            throw new OrionException(ErrorCode.CONFLICT, name + " already holds an md superblock (array "
                    + existing.get().superblock().setUuid() + ", '" + existing.get().superblock().name()
                    + "'): use --zero-superblock first, or --force to overwrite it");
        }
    }
}
