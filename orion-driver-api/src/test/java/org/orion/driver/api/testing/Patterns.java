package org.orion.driver.api.testing;

import java.util.SplittableRandom;

/** Deterministic test data: every block distinct, so misplaced blocks are caught. */
public final class Patterns {
    private Patterns() {
    }

    /** {@code lengthBytes} bytes from a seeded generator. */
    public static byte[] random(long seed, int lengthBytes) {
        byte[] data = new byte[lengthBytes];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < lengthBytes; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < lengthBytes; j++) {
                data[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return data;
    }
}
