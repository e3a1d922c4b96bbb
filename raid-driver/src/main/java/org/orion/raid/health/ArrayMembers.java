package org.orion.raid.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.raid.RaidBlockDevice;
import org.orion.raid.array.Member;
import org.orion.raid.array.MemberState;

/**
 * Which members of an array have health counters: the in-sync members whose device is, or wraps, a
 * {@link PhysicalDisk} (a simulated disk under a fault injector, a Linux disk). Image files and
 * nested arrays have none and are left out. Faulty and missing members are not watched: they are
 * out of the array already.
 */
public final class ArrayMembers {
    private ArrayMembers() {
    }

    /** The watched members of {@code array}, read afresh at every poll. */
    public static Supplier<List<WatchedDisk>> of(RaidBlockDevice array) {
        return () -> watched(array.members(), array.memberStates());
    }

    /** The watched members among {@code members}, given their current states (indexed by slot). */
    public static List<WatchedDisk> watched(List<Member> members, MemberState[] states) {
        List<WatchedDisk> result = new ArrayList<>();
        for (Member member : members) {
            int slot = member.slot();
            if (!member.isPresent() || slot >= states.length || states[slot] != MemberState.IN_SYNC) {
                continue;
            }
            physicalDiskOf(member.device()).ifPresent(disk -> result.add(new WatchedDisk(slot, member.name(), disk)));
        }
        return result;
    }

    /** The physical disk at the bottom of a chain of {@link FilterBlockDevice}s, if there is one. */
    public static Optional<PhysicalDisk> physicalDiskOf(BlockDevice device) {
        BlockDevice at = device;
        while (at != null) {
            if (at instanceof PhysicalDisk) {
                return Optional.of((PhysicalDisk) at);
            }
            at = at instanceof FilterBlockDevice ? ((FilterBlockDevice) at).delegate() : null;
        }
        return Optional.empty();
    }
}
