package org.orion.driver.api.array;

import java.util.List;

/**
 * A snapshot of an array's state, enough for {@code --detail}-style output.
 *
 * @param name              array name
 * @param levelName         {@code raid6}
 * @param layoutName        mdadm layout name, empty if the level has none
 * @param chunkBytes        chunk size (0 for RAID1)
 * @param arrayBytes        usable size
 * @param memberDataBytes   bytes used on each member
 * @param state             {@code clean}, {@code degraded} or {@code failed}
 * @param members           every slot in role order
 * @param readErrorsCorrected member read errors served from redundancy and rewritten
 * @param reconstructions   column ranges rebuilt from parity on the fly
 * @param notes             what assembly decided that a user should hear (stale members left out)
 * @param spares            device names of the idle spares the array holds now (added, configured or moved in)
 * @param rebuilding        the device being rebuilt into a slot, with state {@code rebuilding} (recovery
 *                          onto a spare or an added member) or {@code replacing} (hot replace); empty when
 *                          none. It is no longer a spare, and not yet an in-sync member
 */
public record ArrayStatus(String name, String levelName, String layoutName, int chunkBytes, long arrayBytes,
                          long memberDataBytes, String state, List<MemberStatus> members, long readErrorsCorrected,
                          long reconstructions, List<String> notes, List<String> spares,
                          List<MemberStatus> rebuilding) {
    public ArrayStatus {
        members = List.copyOf(members);
        notes = List.copyOf(notes);
        spares = List.copyOf(spares);
        rebuilding = List.copyOf(rebuilding);
    }

    /** A status of an array that holds no spares (one built without metadata). */
    public ArrayStatus(String name, String levelName, String layoutName, int chunkBytes, long arrayBytes,
                       long memberDataBytes, String state, List<MemberStatus> members, long readErrorsCorrected,
                       long reconstructions, List<String> notes) {
        this(name, levelName, layoutName, chunkBytes, arrayBytes, memberDataBytes, state, members, readErrorsCorrected,
                reconstructions, notes, List.of(), List.of());
    }

    /** This status with the array's current spares and rebuild target. */
    public ArrayStatus withSpares(List<String> spareNames, List<MemberStatus> rebuildTargets) {
        return new ArrayStatus(name, levelName, layoutName, chunkBytes, arrayBytes, memberDataBytes, state, members,
                readErrorsCorrected, reconstructions, notes, spareNames, rebuildTargets);
    }

    /** Slots that are not in sync. */
    public long missingCount() {
        return members.stream().filter(m -> !m.state().equals("in_sync")).count();
    }
}
