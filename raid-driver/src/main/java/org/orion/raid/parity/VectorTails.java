package org.orion.raid.parity;

import java.nio.ByteBuffer;

/**
 * The last bytes of a vector kernel call, fewer than one vector, one byte at a time.
 *
 * <p>Why not reuse the scalar kernels' loops: the vector kernels call their tails thousands of
 * times with a few bytes each, and C2 would then compile the scalar kernels for that profile (word
 * loop never taken) and recompile them when the scalar kernels are really used. Separate methods
 * keep separate profiles. (Suspected, not proven: scalar kernels measured in JMH after the vector
 * warm-up ran 2-7x slower than in a fresh JVM, but the machine was heavily loaded at the time.)
 */
final class VectorTails {
    private static final byte[] PRODUCTS = GaloisField.products();

    private VectorTails() {
    }

    static void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int fromPos,
                    int toPos) {
        for (int pos = fromPos; pos < toPos; pos++) {
            int acc = src[0].get(srcOffset[0] + pos);
            for (int i = 1; i < count; i++) {
                acc ^= src[i].get(srcOffset[i] + pos);
            }
            dst.put(dstOffset + pos, (byte) acc);
        }
    }

    static void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int fromPos, int toPos) {
        for (int pos = fromPos; pos < toPos; pos++) {
            int pAcc = 0;
            int qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = GaloisField.mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null) {
                    int v = d.get(dataOffset[i] + pos) & 0xff;
                    pAcc ^= v;
                    qAcc ^= v;
                }
            }
            if (p != null) {
                p.put(pOffset + pos, (byte) pAcc);
            }
            if (q != null) {
                q.put(qOffset + pos, (byte) qAcc);
            }
        }
    }

    static void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int fromPos, int toPos) {
        for (int pos = fromPos; pos < toPos; pos++) {
            dst.put(dstOffset + pos, (byte) (dst.get(dstOffset + pos) ^ src.get(srcOffset + pos)));
        }
    }

    static void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int fromPos, int toPos) {
        int row = (coefficient & 0xff) << 8;
        for (int pos = fromPos; pos < toPos; pos++) {
            int product = PRODUCTS[row | (src.get(srcOffset + pos) & 0xff)];
            dst.put(dstOffset + pos, (byte) (dst.get(dstOffset + pos) ^ product));
        }
    }

    static void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int fromPos, int toPos) {
        int rowP = RecoveryCoefficients.pxyCoefficient(x, y) << 8;
        int rowQ = RecoveryCoefficients.qxyCoefficient(x, y) << 8;
        for (int pos = fromPos; pos < toPos; pos++) {
            int pAcc = 0;
            int qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = GaloisField.mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x && i != y) {
                    int v = d.get(dataOffset[i] + pos) & 0xff;
                    pAcc ^= v;
                    qAcc ^= v;
                }
            }
            int pxy = (p.get(pOffset + pos) & 0xff) ^ pAcc;
            int qxy = (q.get(qOffset + pos) & 0xff) ^ qAcc;
            int yValue = PRODUCTS[rowP | pxy] ^ PRODUCTS[rowQ | qxy];
            data[y].put(dataOffset[y] + pos, (byte) yValue);
            data[x].put(dataOffset[x] + pos, (byte) (yValue ^ pxy));
        }
    }

    static void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int fromPos, int toPos) {
        int row = RecoveryCoefficients.fromQCoefficient(x) << 8;
        for (int pos = fromPos; pos < toPos; pos++) {
            int qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = GaloisField.mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x) {
                    qAcc ^= d.get(dataOffset[i] + pos) & 0xff;
                }
            }
            data[x].put(dataOffset[x] + pos, PRODUCTS[row | ((q.get(qOffset + pos) & 0xff) ^ qAcc)]);
        }
    }
}
