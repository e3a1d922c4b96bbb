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
 */
public record ArrayStatus(String name, String levelName, String layoutName, int chunkBytes, long arrayBytes,
                          long memberDataBytes, String state, List<MemberStatus> members, long readErrorsCorrected,
                          long reconstructions, List<String> notes) {
    public ArrayStatus {
        members = List.copyOf(members);
        notes = List.copyOf(notes);
    }

    /** Slots that are not in sync. */
    public long missingCount() {
        return members.stream().filter(m -> !m.state().equals("in_sync")).count();
    }
}
