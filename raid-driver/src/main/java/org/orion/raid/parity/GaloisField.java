package org.orion.raid.parity;

/**
 * Arithmetic in GF(2^8) as Linux md's RAID6 uses it: reduction polynomial x^8+x^4+x^3+x^2+1
 * ({@code 0x11d}) and generator {@code g = 2} (md-format.md §3).
 *
 * <p>Elements are passed as {@code int} in 0..255; callers holding a signed {@code byte} mask it
 * with {@code & 0xff}. All tables are built once at class initialisation from the polynomial
 * itself, so nothing here is copied from another implementation and every value can be checked
 * against the definition (see {@code GaloisFieldTest}).
 *
 * <p>Besides the scalar operations it owns the two 16-entry "nibble" tables per coefficient that
 * the vector kernels use: {@code c·x = lowTable(c)[x & 15] ^ highTable(c)[x >>> 4]}, which holds
 * because multiplication by a constant is linear over XOR.
 */
public final class GaloisField {
    /** The low byte of the reduction polynomial: what multiply-by-2 XORs in on carry. */
    public static final int POLY_LOW = 0x1d;

    private static final int[] EXP = new int[512];
    private static final int[] LOG = new int[256];
    private static final byte[] PRODUCTS = new byte[256 * 256];
    private static final byte[][] NIBBLE_LOW = new byte[256][16];
    private static final byte[][] NIBBLE_HIGH = new byte[256][16];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            LOG[x] = i;
            x = mulBy2(x);
        }
        // EXP is doubled so that exp(log a + log b) needs no modulo on the hot scalar path.
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
        LOG[0] = 255; // md's convention; log(0) is undefined and callers never rely on it.
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                PRODUCTS[(a << 8) | b] = (byte) slowMul(a, b);
            }
            for (int n = 0; n < 16; n++) {
                NIBBLE_LOW[a][n] = PRODUCTS[(a << 8) | n];
                NIBBLE_HIGH[a][n] = PRODUCTS[(a << 8) | (n << 4)];
            }
        }
    }

    private GaloisField() {
    }

    /** {@code 2·a}: shift left and reduce on carry. */
    public static int mulBy2(int a) {
        int shifted = a << 1;
        return ((shifted & 0x100) != 0 ? shifted ^ (0x100 | POLY_LOW) : shifted) & 0xff;
    }

    /** {@code a·b}. */
    public static int mul(int a, int b) {
        return PRODUCTS[((a & 0xff) << 8) | (b & 0xff)] & 0xff;
    }

    /** {@code g^i} for any {@code i >= 0} (the group order is 255, so {@code exp(255) == 1}). */
    public static int exp(int i) {
        if (i < 0) {
            throw new IllegalArgumentException("exponent must be >= 0: " + i);
        }
        return EXP[i % 255];
    }

    /** Discrete logarithm base 2; {@code a} must not be 0. */
    public static int log(int a) {
        if (a <= 0 || a > 255) {
            throw new IllegalArgumentException("log is defined for 1..255 only: " + a);
        }
        return LOG[a];
    }

    /** Multiplicative inverse; {@code a} must not be 0. */
    public static int inv(int a) {
        return EXP[255 - log(a)];
    }

    /**
     * md's {@code gfexi[d] = inv(g^d ⊕ 1)}: the coefficient of {@code Pxy} when rebuilding the
     * higher of two lost data slots that are {@code d} apart ({@code 1 <= d <= 254}).
     */
    public static int exi(int d) {
        if (d < 1 || d > 254) {
            throw new IllegalArgumentException("slot distance must be 1..254: " + d);
        }
        return inv(exp(d) ^ 1);
    }

    /**
     * The 256-byte row {@code c·x} for {@code x = 0..255}, indexable as
     * {@code products()[(c << 8) | x]}; shared, never modify it.
     */
    static byte[] products() {
        return PRODUCTS;
    }

    /** {@code c·n} for n = 0..15 (shared array: never modify it). */
    static byte[] lowNibbleTable(int c) {
        return NIBBLE_LOW[c & 0xff];
    }

    /** {@code c·(n << 4)} for n = 0..15 (shared array: never modify it). */
    static byte[] highNibbleTable(int c) {
        return NIBBLE_HIGH[c & 0xff];
    }

    /** Schoolbook carry-less multiply with reduction: the definition the tables are built from. */
    private static int slowMul(int a, int b) {
        int product = 0;
        int addend = a;
        for (int bit = 0; bit < 8; bit++) {
            if ((b & (1 << bit)) != 0) {
                product ^= addend;
            }
            addend = mulBy2(addend);
        }
        return product;
    }
}
