package org.orion.raid.parity;

/**
 * The constants of RAID6 reconstruction (md-format.md §3), shared by every kernel so they cannot
 * disagree. With {@code Pxy = D_x ⊕ D_y} and {@code Qxy = g^x·D_x ⊕ g^y·D_y}, substituting
 * {@code D_x = Pxy ⊕ D_y} gives {@code Qxy ⊕ g^x·Pxy = (g^x ⊕ g^y)·D_y}, hence
 * {@code D_y = g^x/(g^x ⊕ g^y)·Pxy ⊕ 1/(g^x ⊕ g^y)·Qxy}, and {@code g^x/(g^x ⊕ g^y) =
 * 1/(1 ⊕ g^(y-x)) = gfexi[y-x]}.
 */
final class RecoveryCoefficients {
    private RecoveryCoefficients() {
    }

    /** Multiplier of {@code Pxy} in {@code D_y}. */
    static int pxyCoefficient(int x, int y) {
        return GaloisField.exi(y - x);
    }

    /** Multiplier of {@code Qxy} in {@code D_y}. */
    static int qxyCoefficient(int x, int y) {
        return GaloisField.inv(GaloisField.exp(x) ^ GaloisField.exp(y));
    }

    /** Multiplier of {@code Q ⊕ Q′} giving {@code D_x} when P is not used. */
    static int fromQCoefficient(int x) {
        return GaloisField.inv(GaloisField.exp(x));
    }

    static void checkTwoData(int slots, int x, int y) {
        if (x < 0 || y <= x || y >= slots || slots > 255) {
            throw new IllegalArgumentException(
                    "need 0 <= x < y < slots <= 255 for two lost data slots: x=" + x + " y=" + y + " slots=" + slots);
        }
    }

    static void checkOneData(int slots, int x) {
        if (x < 0 || x >= slots || slots > 255) {
            throw new IllegalArgumentException(
                    "need 0 <= x < slots <= 255 for a lost data slot: x=" + x + " slots=" + slots);
        }
    }
}
