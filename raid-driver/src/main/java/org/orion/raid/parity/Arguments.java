package org.orion.raid.parity;

/** Argument checks shared by the kernels: cheap, once per call, never per byte. */
final class Arguments {
    private Arguments() {
    }

    /** A negative length would make the tail loops run backwards over memory before the offset. */
    static void checkLength(int lengthBytes) {
        if (lengthBytes < 0) {
            throw new IllegalArgumentException("lengthBytes must be >= 0: " + lengthBytes);
        }
    }
}
