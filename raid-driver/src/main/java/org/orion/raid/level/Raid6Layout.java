package org.orion.raid.level;

import static org.orion.raid.level.MdLayouts.LEFT_ASYMMETRIC;
import static org.orion.raid.level.MdLayouts.LEFT_ASYMMETRIC_6;
import static org.orion.raid.level.MdLayouts.LEFT_SYMMETRIC;
import static org.orion.raid.level.MdLayouts.LEFT_SYMMETRIC_6;
import static org.orion.raid.level.MdLayouts.PARITY_0;
import static org.orion.raid.level.MdLayouts.PARITY_0_6;
import static org.orion.raid.level.MdLayouts.PARITY_N;
import static org.orion.raid.level.MdLayouts.RIGHT_ASYMMETRIC;
import static org.orion.raid.level.MdLayouts.RIGHT_ASYMMETRIC_6;
import static org.orion.raid.level.MdLayouts.RIGHT_SYMMETRIC;
import static org.orion.raid.level.MdLayouts.RIGHT_SYMMETRIC_6;
import static org.orion.raid.level.MdLayouts.ROTATING_N_CONTINUE;
import static org.orion.raid.level.MdLayouts.ROTATING_N_RESTART;
import static org.orion.raid.level.MdLayouts.ROTATING_ZERO_RESTART;

/**
 * RAID6 with md's algorithms 0-5, the DDF orders 8-10 and the RAID5-plus-Q layouts 16-20
 * (md-format.md §2.2). With {@code n} members, {@code D = n - 2}, {@code r = stripe mod n}:
 *
 * <pre>
 *   algorithm                P              Q                     data block k
 *   0 LA, 9 NR (r+1), 1 RA,  n-1-r / r      P+1, or 0 if P=n-1    P=n-1: k+1; else k, or k+2 from P on
 *     8 ZR (as RA)
 *   2 LS / 3 RS              n-1-r / r      (P+1) mod n           (P+2+k) mod n
 *   4 parity-first           0              1                     k+2
 *   5 parity-last            n-2            n-1                   k
 *   10 NC                    n-1-r          (P-1) mod n           (P+1+k) mod n
 *   16 LA6 / 18 LS6          n-2 - s%(n-1)  n-1                   like RAID5 LA / LS on n-1 members
 *   17 RA6 / 19 RS6          s % (n-1)      n-1                   like RAID5 RA / RS on n-1 members
 *   20 parity-first-6        0              n-1                   k+1
 * </pre>
 *
 * <p>Q coefficients (md-format.md §2.4): md walks members upward from the one after Q (from 0 when
 * Q is the last member), skipping P and Q; the j-th data member met gets g^j. Q is always the
 * last member of that walk, so a data member's slot is its walk position minus one if P came
 * earlier. DDF layouts use the physical member index instead (P and Q count as zero blocks).
 */
public final class Raid6Layout extends ParityLayout {
    private final int algorithm;
    private final boolean ddf;

    /** Use {@link LevelManager#create} for validated construction. */
    Raid6Layout(int algorithm, int members, int chunkBytes, long memberDataBytes) {
        super(6, algorithm, members, 2, chunkBytes, memberDataBytes);
        this.algorithm = algorithm;
        this.ddf = MdLayouts.isDdf(algorithm);
    }

    @Override
    int parityMember(long stripe) {
        int n = members;
        switch (algorithm) {
            case LEFT_ASYMMETRIC:
            case LEFT_SYMMETRIC:
            case ROTATING_N_CONTINUE:
                return n - 1 - (int) (stripe % n);
            case RIGHT_ASYMMETRIC:
            case RIGHT_SYMMETRIC:
            case ROTATING_ZERO_RESTART:
                return (int) (stripe % n);
            case ROTATING_N_RESTART:
                // like left-asymmetric one stripe later, so stripe 0 reads D D D P Q
                return n - 1 - (int) ((stripe + 1) % n);
            case PARITY_0:
            case PARITY_0_6:
                return 0;
            case PARITY_N:
                return n - 2;
            case LEFT_ASYMMETRIC_6:
            case LEFT_SYMMETRIC_6:
                return n - 2 - (int) (stripe % (n - 1));
            case RIGHT_ASYMMETRIC_6:
            case RIGHT_SYMMETRIC_6:
                return (int) (stripe % (n - 1));
            default:
                throw new IllegalStateException("raid6 algorithm " + algorithm);
        }
    }

    @Override
    int qMember(long stripe, int p) {
        int n = members;
        switch (algorithm) {
            case LEFT_ASYMMETRIC:
            case RIGHT_ASYMMETRIC:
            case ROTATING_ZERO_RESTART:
            case ROTATING_N_RESTART:
                return p == n - 1 ? 0 : p + 1;
            case LEFT_SYMMETRIC:
            case RIGHT_SYMMETRIC:
                return (p + 1) % n;
            case ROTATING_N_CONTINUE:
                return (p + n - 1) % n;
            case PARITY_0:
                return 1;
            default:
                return n - 1;
        }
    }

    @Override
    int dataMember(long stripe, int p, int k) {
        int n = members;
        switch (algorithm) {
            case LEFT_ASYMMETRIC:
            case RIGHT_ASYMMETRIC:
            case ROTATING_ZERO_RESTART:
            case ROTATING_N_RESTART:
                if (p == n - 1) {
                    return k + 1; // Q D D D P
                }
                return k < p ? k : k + 2; // D D P Q D
            case LEFT_SYMMETRIC:
            case RIGHT_SYMMETRIC:
                return (p + 2 + k) % n;
            case ROTATING_N_CONTINUE:
                return (p + 1 + k) % n;
            case PARITY_0:
                return k + 2;
            case PARITY_N:
                return k;
            case LEFT_ASYMMETRIC_6:
            case RIGHT_ASYMMETRIC_6:
                return k < p ? k : k + 1;
            case LEFT_SYMMETRIC_6:
            case RIGHT_SYMMETRIC_6:
                return (p + 1 + k) % (n - 1);
            default: // PARITY_0_6
                return k + 1;
        }
    }

    @Override
    int dataIndex(long stripe, int p, int member) {
        int n = members;
        switch (algorithm) {
            case LEFT_ASYMMETRIC:
            case RIGHT_ASYMMETRIC:
            case ROTATING_ZERO_RESTART:
            case ROTATING_N_RESTART:
                if (p == n - 1) {
                    return member - 1;
                }
                return member < p ? member : member - 2;
            case LEFT_SYMMETRIC:
            case RIGHT_SYMMETRIC:
                return (member - p - 2 + 2 * n) % n;
            case ROTATING_N_CONTINUE:
                return (member - p - 1 + n) % n;
            case PARITY_0:
                return member - 2;
            case PARITY_N:
                return member;
            case LEFT_ASYMMETRIC_6:
            case RIGHT_ASYMMETRIC_6:
                return member > p ? member - 1 : member;
            case LEFT_SYMMETRIC_6:
            case RIGHT_SYMMETRIC_6:
                return (member - p - 1 + (n - 1)) % (n - 1);
            default: // PARITY_0_6
                return member - 1;
        }
    }

    @Override
    void fillQExponents(StripeMap out) {
        int n = members;
        if (ddf) {
            for (int k = 0; k < dataBlocks; k++) {
                out.qExponent[k] = out.copyMember[k];
            }
            return;
        }
        int firstMember = out.qMember == n - 1 ? 0 : out.qMember + 1;
        int pPosition = (out.pMember - firstMember + n) % n;
        for (int k = 0; k < dataBlocks; k++) {
            int position = (out.copyMember[k] - firstMember + n) % n;
            out.qExponent[k] = pPosition < position ? position - 1 : position;
        }
    }

    /** Whether Q uses the DDF coefficient order (exponent = physical member index). */
    public boolean ddfQOrder() {
        return ddf;
    }
}
