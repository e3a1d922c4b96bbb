package org.orion.raid.parity;

/**
 * The maths of md-format.md §3 written the slowest, most obvious way, one byte at a time on plain
 * arrays, with {@link GaloisField#mul} and {@link GaloisField#exp}: what every kernel is checked
 * against. A {@code null} block is all zeroes.
 */
final class ReferenceParity {
    private ReferenceParity() {
    }

    static byte[] p(byte[][] data, int lengthBytes) {
        byte[] p = new byte[lengthBytes];
        for (byte[] block : data) {
            if (block != null) {
                for (int b = 0; b < lengthBytes; b++) {
                    p[b] ^= block[b];
                }
            }
        }
        return p;
    }

    /** Q = sum over slots i of g^i * D_i (direct sum, not Horner, so it is an independent check). */
    static byte[] q(byte[][] data, int lengthBytes) {
        byte[] q = new byte[lengthBytes];
        for (int i = 0; i < data.length; i++) {
            if (data[i] != null) {
                int coefficient = GaloisField.exp(i);
                for (int b = 0; b < lengthBytes; b++) {
                    q[b] ^= (byte) GaloisField.mul(coefficient, data[i][b] & 0xff);
                }
            }
        }
        return q;
    }

    static byte[] mulXor(int coefficient, byte[] src, byte[] dst) {
        byte[] out = dst.clone();
        for (int b = 0; b < out.length; b++) {
            out[b] ^= (byte) GaloisField.mul(coefficient, src[b] & 0xff);
        }
        return out;
    }
}
