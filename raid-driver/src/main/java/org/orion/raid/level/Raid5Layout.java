package org.orion.raid.level;

import static org.orion.raid.level.MdLayouts.LEFT_ASYMMETRIC;
import static org.orion.raid.level.MdLayouts.LEFT_SYMMETRIC;
import static org.orion.raid.level.MdLayouts.PARITY_0;
import static org.orion.raid.level.MdLayouts.PARITY_N;
import static org.orion.raid.level.MdLayouts.RIGHT_ASYMMETRIC;
import static org.orion.raid.level.MdLayouts.RIGHT_SYMMETRIC;

/**
 * RAID5 with md's six algorithms, and RAID4 (md level 4 ignores the layout field and always keeps
 * P on the last member, which is RAID5's parity-last). With {@code n} members, {@code D = n - 1}
 * and {@code r = stripe mod n} (md-format.md §2.2):
 *
 * <pre>
 *   algorithm            P member   member of data block k
 *   0 left-asymmetric    D - r      k, or k + 1 from P on
 *   1 right-asymmetric   r          k, or k + 1 from P on
 *   2 left-symmetric     D - r      (P + 1 + k) mod n      (md's default)
 *   3 right-symmetric    r          (P + 1 + k) mod n
 *   4 parity-first       0          k + 1
 *   5 parity-last        D          k                      (also RAID4)
 *
 *   left-symmetric, 4 members:   D0 D1 D2 P  /  D4 D5 P D3  /  D8 P D6 D7  /  P D9 D10 D11
 * </pre>
 */
public final class Raid5Layout extends ParityLayout {
    /** The algorithm the mapping follows (PARITY_N for RAID4, whatever its layout field says). */
    private final int effective;

    /**
     * Use {@link LevelManager#create} for validated construction.
     *
     * @param level 4 or 5
     */
    Raid5Layout(int level, int algorithm, int members, int chunkBytes, long memberDataBytes) {
        super(level, algorithm, members, 1, chunkBytes, memberDataBytes);
        this.effective = level == 4 ? PARITY_N : algorithm;
    }

    @Override
    int parityMember(long stripe) {
        int r = (int) (stripe % members);
        switch (effective) {
            case LEFT_ASYMMETRIC:
            case LEFT_SYMMETRIC:
                return dataBlocks - r;
            case RIGHT_ASYMMETRIC:
            case RIGHT_SYMMETRIC:
                return r;
            case PARITY_0:
                return 0;
            case PARITY_N:
                return dataBlocks;
            default:
                throw new IllegalStateException("raid5 algorithm " + effective);
        }
    }

    @Override
    int qMember(long stripe, int p) {
        return -1;
    }

    @Override
    int dataMember(long stripe, int p, int k) {
        switch (effective) {
            case LEFT_ASYMMETRIC:
            case RIGHT_ASYMMETRIC:
                return k < p ? k : k + 1;
            case LEFT_SYMMETRIC:
            case RIGHT_SYMMETRIC:
                return (p + 1 + k) % members;
            case PARITY_0:
                return k + 1;
            default:
                return k;
        }
    }

    @Override
    int dataIndex(long stripe, int p, int member) {
        switch (effective) {
            case LEFT_ASYMMETRIC:
            case RIGHT_ASYMMETRIC:
                return member > p ? member - 1 : member;
            case LEFT_SYMMETRIC:
            case RIGHT_SYMMETRIC:
                return (member - p - 1 + members) % members;
            case PARITY_0:
                return member - 1;
            default:
                return member;
        }
    }

    @Override
    public String layoutName() {
        return level() == 4 ? "" : super.layoutName();
    }
}
