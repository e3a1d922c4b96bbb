package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;

/**
 * One recorded run: an array created through {@link ArrayService#create} (real md 1.2
 * superblocks) on zeroed in-memory members behind {@link RecordingMember}s, the seeded workload,
 * and what the checkers need to know about it. Crash states are cut between {@code workloadStartSeq}
 * (the array is running and marked active) and {@code workloadEndSeq} (the last acknowledgement).
 *
 * @param trace            every member write and flush, from the first superblock on
 * @param history          every client write and flush
 * @param memberBytes      capacity of each member
 * @param dataOffsetBytes  where array data starts on each member (from the superblock)
 * @param arrayBytes       usable size
 * @param workloadStartSeq the number drawn just before the first client request
 * @param workloadEndSeq   the number drawn just after the last acknowledgement
 */
record Recording(CrashCampaignSpec spec, MemberTrace trace, ClientHistory history, long memberBytes,
                 long dataOffsetBytes, long arrayBytes, long workloadStartSeq, long workloadEndSeq) {
    private static final Pattern DATA_OFFSET = Pattern.compile("\"dataOffsetSectors\"\\s*:\\s*(\\d+)");

    static Recording record(ArrayService raid, CrashCampaignSpec spec, String arrayName) {
        long memberBytes = (raid.minimumDeviceBytes(spec.level(), spec.chunkBytes(), spec.memberDataBytes()) + 511) / 512 * 512;
        MemberTrace trace = new MemberTrace(spec.members());
        List<BlockDevice> devices = new ArrayList<>();
        for (int i = 0; i < spec.members(); i++) {
            devices.add(new RecordingMember(MemoryMember.zeroed("m" + i, memberBytes), i, trace));
        }
        // Zeroed members are consistent (parity of zeroes is zero), so --assume-clean is true here
        // and no initial resync writes behind the workload's back.
        ArrayDevice array = raid.create(new CreateRequest(arrayName, null, spec.level(), spec.layout(),
                spec.chunkBytes(), spec.members(), 0, spec.memberDataBytes(), true, false), devices);
        try {
            if (array.sync().isRunning()) {
                throw new OrionException(ErrorCode.INTERNAL, arrayName + ": a " + array.sync().action()
                        + " runs on a new --assume-clean array; the recording would not be repeatable");
            }
            long arrayBytes = array.info().capacityBytes();
            long dataOffset = dataOffsetBytes(raid.examine(devices.get(0), "json"), arrayName);
            ClientHistory history = new ClientHistory(arrayBytes / SectorPattern.SECTOR_BYTES);
            long start = trace.tick();
            new Workload(spec, trace, history, stripeDataBytes(spec)).run(array);
            long end = trace.tick();
            return new Recording(spec, trace, history, memberBytes, dataOffset, arrayBytes, start, end);
        } finally {
            array.close();
        }
    }

    /** Array bytes in one row of chunks across the members (what a full-stripe write covers). */
    static int stripeDataBytes(CrashCampaignSpec spec) {
        return switch (spec.level()) {
            case 0 -> spec.chunkBytes() * spec.members();
            case 1 -> spec.chunkBytes();
            case 10 -> spec.chunkBytes() * Math.max(1, spec.members() / 2);
            default -> spec.chunkBytes() * spec.dataMembers();
        };
    }

    private static long dataOffsetBytes(String examineJson, String arrayName) {
        Matcher m = DATA_OFFSET.matcher(examineJson);
        if (!m.find()) {
            throw new OrionException(ErrorCode.INTERNAL, arrayName + ": --examine JSON has no dataOffsetSectors");
        }
        return Long.parseLong(m.group(1)) * 512;
    }
}
