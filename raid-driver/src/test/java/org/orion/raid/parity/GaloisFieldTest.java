package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GaloisFieldTest {

    @Test
    void shouldStartTheExpTableWithMdsPublishedValues() {
        int[] expected = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1d, 0x3a, 0x74, 0xe8, 0xcd, 0x87, 0x13, 0x26};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], GaloisField.exp(i), "g^" + i);
        }
        assertEquals(1, GaloisField.exp(255), "the multiplicative group has order 255");
    }

    @Test
    void shouldMatchMdsInverseAndExiValues() {
        assertEquals(0x8e, GaloisField.inv(2));
        assertEquals(0xf4, GaloisField.inv(3));
        int[] exi = {0xf4, 0xa7, 0x9d, 0x72};
        for (int d = 1; d <= 4; d++) {
            assertEquals(exi[d - 1], GaloisField.exi(d), "gfexi[" + d + "]");
        }
    }

    @Test
    void shouldMakeEveryNonZeroElementTimesItsInverseOne() {
        for (int a = 1; a < 256; a++) {
            assertEquals(1, GaloisField.mul(a, GaloisField.inv(a)), "a=" + a);
            assertEquals(a, GaloisField.exp(GaloisField.log(a)), "a=" + a);
        }
    }

    @Test
    void shouldMultiplyCommutativelyAndDistributeOverXor() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(GaloisField.mul(a, b), GaloisField.mul(b, a), "a=" + a + " b=" + b);
                int c = (a * 7 + b * 13) & 0xff;
                assertEquals(GaloisField.mul(a, b ^ c), GaloisField.mul(a, b) ^ GaloisField.mul(a, c),
                        "a=" + a + " b=" + b + " c=" + c);
            }
        }
    }

    @Test
    void shouldAgreeWithLogExpMultiplication() {
        for (int a = 1; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                int viaLogs = GaloisField.exp(GaloisField.log(a) + GaloisField.log(b));
                assertEquals(viaLogs, GaloisField.mul(a, b), "a=" + a + " b=" + b);
            }
            assertEquals(0, GaloisField.mul(a, 0));
        }
    }

    @Test
    void shouldBuildNibbleTablesWhoseXorIsTheProduct() {
        for (int c = 0; c < 256; c++) {
            for (int v = 0; v < 256; v++) {
                int viaNibbles = (GaloisField.lowNibbleTable(c)[v & 15] ^ GaloisField.highNibbleTable(c)[v >>> 4]) & 0xff;
                assertEquals(GaloisField.mul(c, v), viaNibbles, "c=" + c + " v=" + v);
            }
        }
    }

    @Test
    void shouldRefuseTheLogAndInverseOfZero() {
        assertThrows(IllegalArgumentException.class, () -> GaloisField.log(0));
        assertThrows(IllegalArgumentException.class, () -> GaloisField.inv(0));
    }
}
