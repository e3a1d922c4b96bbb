package org.orion.raid.md;

import java.util.List;

/**
 * The superblocks a create writes: one per present device of the request, in request order.
 * Missing slots have none.
 *
 * @param array   the shared values
 * @param members each present device's index in the request and its superblock
 */
public record MdCreatePlan(NewArray array, List<Member> members) {
    /**
     * @param deviceIndex position of the device in {@link MdCreateRequest#devices()}
     * @param device      the device as requested
     * @param superblock  what to write at sector 8 of it
     */
    public record Member(int deviceIndex, MdCreateRequest.Device device, Superblock1 superblock) {
    }

    public MdCreatePlan {
        members = List.copyOf(members);
    }
}
