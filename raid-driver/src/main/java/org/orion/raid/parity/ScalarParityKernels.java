package org.orion.raid.parity;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Plain-Java kernels: the fallback when {@code jdk.incubator.vector} is absent or disabled, and
 * the second opinion the vector kernels are tested against.
 *
 * <p>Works eight bytes at a time ("SIMD within a register"): XOR is width-agnostic, and
 * multiply-by-2 of eight field elements packed in a {@code long} is a shift plus a per-byte
 * conditional XOR of {@code 0x1d}. Byte order does not matter because every operation is
 * byte-wise. Multiplying by an arbitrary coefficient uses the 64 KiB product table one byte at a
 * time; only recovery and delta updates need it.
 */
final class ScalarParityKernels implements ParityKernels {
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LOW_SEVEN_BITS = 0xfefefefefefefefeL;
    private static final long POLY_BYTES = 0x1d1d1d1d1d1d1d1dL;
    private static final byte[] PRODUCTS = GaloisField.products();
    /**
     * Eight-byte access in one fixed order whatever each buffer's own {@code order()} is:
     * {@code ByteBuffer.getLong} would follow the buffer's order, and XOR-ing a big-endian word
     * with a little-endian one mixes up bytes. Native order avoids byte swaps.
     */
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private static long getLong(ByteBuffer buffer, int index) {
        return (long) LONGS.get(buffer, index);
    }

    private static void putLong(ByteBuffer buffer, int index, long value) {
        LONGS.set(buffer, index, value);
    }

    @Override
    public String name() {
        return "scalar";
    }

    /** Eight field elements times 2: shift each byte left, XOR 0x1d into those that carried. */
    static long mulBy2(long v) {
        long carried = ((v & HIGH_BITS) >>> 7) * 0xff;
        return ((v << 1) & LOW_SEVEN_BITS) ^ (carried & POLY_BYTES);
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public void xor(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        xorRange(src, srcOffset, count, dst, dstOffset, 0, lengthBytes);
    }

    /** {@link #xor} over bytes {@code [fromPos, toPos)} of every block. */
    private static void xorRange(ByteBuffer[] src, int[] srcOffset, int count, ByteBuffer dst, int dstOffset,
                         int fromPos, int toPos) {
        int words = fromPos + ((toPos - fromPos) & ~7);
        for (int pos = fromPos; pos < words; pos += 8) {
            long acc = getLong(src[0], srcOffset[0] + pos);
            for (int i = 1; i < count; i++) {
                acc ^= getLong(src[i], srcOffset[i] + pos);
            }
            putLong(dst, dstOffset + pos, acc);
        }
        for (int pos = words; pos < toPos; pos++) {
            int acc = src[0].get(srcOffset[0] + pos);
            for (int i = 1; i < count; i++) {
                acc ^= src[i].get(srcOffset[i] + pos);
            }
            dst.put(dstOffset + pos, (byte) acc);
        }
    }

    @Override
    public void pq(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                   int qOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        pqRange(data, dataOffset, slots, p, pOffset, q, qOffset, 0, lengthBytes);
    }

    /** {@link #pq} over bytes {@code [fromPos, toPos)} of every block. */
    private static void pqRange(ByteBuffer[] data, int[] dataOffset, int slots, ByteBuffer p, int pOffset, ByteBuffer q,
                        int qOffset, int fromPos, int toPos) {
        int words = fromPos + ((toPos - fromPos) & ~7);
        for (int pos = fromPos; pos < words; pos += 8) {
            long pAcc = 0;
            long qAcc = 0;
            // Horner from the highest slot down: after slot 0, qAcc = sum of g^i * D_i.
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null) {
                    long v = getLong(d, dataOffset[i] + pos);
                    pAcc ^= v;
                    qAcc ^= v;
                }
            }
            if (p != null) {
                putLong(p, pOffset + pos, pAcc);
            }
            if (q != null) {
                putLong(q, qOffset + pos, qAcc);
            }
        }
        for (int pos = words; pos < toPos; pos++) {
            long pAcc = 0;
            long qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null) {
                    long v = d.get(dataOffset[i] + pos) & 0xff;
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

    @Override
    public void xorInto(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        xorIntoRange(src, srcOffset, dst, dstOffset, 0, lengthBytes);
    }

    /** {@link #xorInto} over bytes {@code [fromPos, toPos)}. */
    private static void xorIntoRange(ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset, int fromPos,
                                     int toPos) {
        int words = fromPos + ((toPos - fromPos) & ~7);
        for (int pos = fromPos; pos < words; pos += 8) {
            putLong(dst, dstOffset + pos, getLong(dst, dstOffset + pos) ^ getLong(src, srcOffset + pos));
        }
        for (int pos = words; pos < toPos; pos++) {
            dst.put(dstOffset + pos, (byte) (dst.get(dstOffset + pos) ^ src.get(srcOffset + pos)));
        }
    }

    @Override
    public void mulXorInto(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                           int lengthBytes) {
        Arguments.checkLength(lengthBytes);
        mulXorIntoRange(coefficient, src, srcOffset, dst, dstOffset, 0, lengthBytes);
    }

    /** {@link #mulXorInto} over bytes {@code [fromPos, toPos)}. */
    private static void mulXorIntoRange(int coefficient, ByteBuffer src, int srcOffset, ByteBuffer dst, int dstOffset,
                                int fromPos, int toPos) {
        int row = (coefficient & 0xff) << 8;
        int words = fromPos + ((toPos - fromPos) & ~7);
        for (int pos = fromPos; pos < words; pos += 8) {
            long product = mulBytes(getLong(src, srcOffset + pos), row);
            putLong(dst, dstOffset + pos, getLong(dst, dstOffset + pos) ^ product);
        }
        for (int pos = words; pos < toPos; pos++) {
            int product = PRODUCTS[row | (src.get(srcOffset + pos) & 0xff)];
            dst.put(dstOffset + pos, (byte) (dst.get(dstOffset + pos) ^ product));
        }
    }

    @Override
    public void recoverTwoData(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                               ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkTwoData(slots, x, y);
        Arguments.checkLength(lengthBytes);
        recoverTwoDataRange(data, dataOffset, slots, x, y, p, pOffset, q, qOffset, 0, lengthBytes);
    }

    /** {@link #recoverTwoData} over bytes {@code [fromPos, toPos)}; arguments already checked. */
    private static void recoverTwoDataRange(ByteBuffer[] data, int[] dataOffset, int slots, int x, int y,
                                    ByteBuffer p, int pOffset, ByteBuffer q, int qOffset, int fromPos, int toPos) {
        // D_y = exi(y-x)·Pxy ⊕ inv(g^x ⊕ g^y)·Qxy ; D_x = D_y ⊕ Pxy (md-format.md §3).
        int rowP = RecoveryCoefficients.pxyCoefficient(x, y) << 8;
        int rowQ = RecoveryCoefficients.qxyCoefficient(x, y) << 8;
        int words = fromPos + ((toPos - fromPos) & ~7);
        for (int pos = fromPos; pos < words; pos += 8) {
            long pAcc = 0;
            long qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x && i != y) {
                    long v = getLong(d, dataOffset[i] + pos);
                    pAcc ^= v;
                    qAcc ^= v;
                }
            }
            long pxy = getLong(p, pOffset + pos) ^ pAcc;
            long qxy = getLong(q, qOffset + pos) ^ qAcc;
            long yValue = mulBytes(pxy, rowP) ^ mulBytes(qxy, rowQ);
            putLong(data[y], dataOffset[y] + pos, yValue);
            putLong(data[x], dataOffset[x] + pos, yValue ^ pxy);
        }
        for (int pos = words; pos < toPos; pos++) {
            long pAcc = 0;
            long qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x && i != y) {
                    long v = d.get(dataOffset[i] + pos) & 0xff;
                    pAcc ^= v;
                    qAcc ^= v;
                }
            }
            int pxy = (int) ((p.get(pOffset + pos) & 0xff) ^ pAcc);
            int qxy = (int) ((q.get(qOffset + pos) & 0xff) ^ qAcc);
            int yValue = PRODUCTS[rowP | pxy] ^ PRODUCTS[rowQ | qxy];
            data[y].put(dataOffset[y] + pos, (byte) yValue);
            data[x].put(dataOffset[x] + pos, (byte) (yValue ^ pxy));
        }
    }

    /** Each of the eight bytes of {@code v} multiplied by the coefficient whose product row is {@code row}. */
    private static long mulBytes(long v, int row) {
        long product = 0;
        for (int shift = 0; shift < 64; shift += 8) {
            product |= (PRODUCTS[row | (int) ((v >>> shift) & 0xff)] & 0xffL) << shift;
        }
        return product;
    }

    @Override
    public void recoverDataFromQ(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                 ByteBuffer q, int qOffset, int lengthBytes) {
        RecoveryCoefficients.checkOneData(slots, x);
        Arguments.checkLength(lengthBytes);
        recoverDataFromQRange(data, dataOffset, slots, x, q, qOffset, 0, lengthBytes);
    }

    /** {@link #recoverDataFromQ} over bytes {@code [fromPos, toPos)}; arguments already checked. */
    private static void recoverDataFromQRange(ByteBuffer[] data, int[] dataOffset, int slots, int x,
                                      ByteBuffer q, int qOffset, int fromPos, int toPos) {
        int row = RecoveryCoefficients.fromQCoefficient(x) << 8;
        int words = fromPos + ((toPos - fromPos) & ~7);
        for (int pos = fromPos; pos < words; pos += 8) {
            long qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x) {
                    qAcc ^= getLong(d, dataOffset[i] + pos);
                }
            }
            putLong(data[x], dataOffset[x] + pos, mulBytes(getLong(q, qOffset + pos) ^ qAcc, row));
        }
        for (int pos = words; pos < toPos; pos++) {
            long qAcc = 0;
            for (int i = slots - 1; i >= 0; i--) {
                qAcc = mulBy2(qAcc);
                ByteBuffer d = data[i];
                if (d != null && i != x) {
                    qAcc ^= d.get(dataOffset[i] + pos) & 0xff;
                }
            }
            int qx = (int) ((q.get(qOffset + pos) & 0xff) ^ qAcc);
            data[x].put(dataOffset[x] + pos, PRODUCTS[row | qx]);
        }
    }
}
