package org.orion.harness.scenario.crash;

import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * One crash-state exploration: the array, the workload recorded on it, and how many crash states
 * to build from the recording.
 *
 * @param level              md level: 0, 1, 4, 5, 6 or 10
 * @param layout             mdadm layout name, or null for mdadm's default
 * @param members            raid devices
 * @param chunkBytes         chunk size (a power of two, 4 KiB to 1 MiB; ignored by RAID1)
 * @param memberDataBytes    array data per member (a multiple of the chunk); members are in memory
 * @param seed               seed of the workload and of every choice of crash state
 * @param operations         client requests in the workload (writes and flushes, one at a time)
 * @param flushPercent       share of the requests that are FLUSHes
 * @param fuaPercent         share of the writes that carry FUA
 * @param flushBoundaryStates states cut just after a member flush, every unflushed write lost
 * @param epochStates        states cut anywhere, with a seeded subset of the unflushed writes kept
 *                           (some torn: only some of their sectors kept)
 */
public record CrashCampaignSpec(int level, String layout, int members, int chunkBytes, long memberDataBytes, long seed,
                                int operations, int flushPercent, int fuaPercent, int flushBoundaryStates,
                                int epochStates) {
    public CrashCampaignSpec {
        int min = minimumMembers(level);
        if (members < min || members > 16) {
            throw usage("raid" + level + " with " + members + " members: use " + min + " to 16 members");
        }
        if (chunkBytes < 4096 || chunkBytes > (1 << 20) || Integer.bitCount(chunkBytes) != 1) {
            throw usage("chunk " + chunkBytes + " bytes: use a power of two from 4096 to 1048576");
        }
        if (memberDataBytes < 4L * chunkBytes || memberDataBytes % chunkBytes != 0 || memberDataBytes > (64L << 20)) {
            throw usage("member data " + memberDataBytes + " bytes: use a multiple of the chunk, at least 4 chunks"
                    + " and at most 64 MiB (members live in memory)");
        }
        if (operations < 1 || operations > 100_000) {
            throw usage("operations " + operations + ": use 1 to 100000");
        }
        if (flushPercent < 0 || flushPercent > 100 || fuaPercent < 0 || fuaPercent > 100) {
            throw usage("flush " + flushPercent + "% / FUA " + fuaPercent + "%: percentages are 0 to 100");
        }
        if (flushBoundaryStates < 0 || epochStates < 0 || flushBoundaryStates + epochStates == 0) {
            throw usage("states " + flushBoundaryStates + " + " + epochStates + ": ask for at least one crash state");
        }
        if (level == 0 && epochStates > 0) {
            throw usage("raid0 has no redundancy to resync: ask for flush-boundary states only (epochStates 0)");
        }
    }

    /**
     * A small, fast exploration: {@code members} members of 32 chunks of 16 KiB, 60 requests (a
     * tenth of them flushes, a tenth of the writes FUA), {@code boundary} + {@code epoch} states.
     */
    public static CrashCampaignSpec small(int level, int members, long seed, int boundary, int epoch) {
        return new CrashCampaignSpec(level, null, members, 16 * 1024, 32L * 16 * 1024, seed, 60, 10, 10, boundary, epoch);
    }

    public CrashCampaignSpec withSeed(long newSeed) {
        return new CrashCampaignSpec(level, layout, members, chunkBytes, memberDataBytes, newSeed, operations,
                flushPercent, fuaPercent, flushBoundaryStates, epochStates);
    }

    /** True for the levels whose redundancy is parity (the write hole applies). */
    public boolean parityLevel() {
        return level == 4 || level == 5 || level == 6;
    }

    /** Data members per stripe row for the parity levels. */
    int dataMembers() {
        return members - (level == 6 ? 2 : 1);
    }

    static int minimumMembers(int level) {
        return switch (level) {
            case 0, 1, 10 -> 2;
            case 4, 5 -> 3;
            case 6 -> 4;
            default -> throw usage("raid level " + level + " is not one Orion builds: use 0, 1, 4, 5, 6 or 10");
        };
    }

    private static OrionException usage(String message) {
        return new OrionException(ErrorCode.USAGE, "crash campaign: " + message);
    }
}
