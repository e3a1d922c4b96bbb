package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The segment kernels read native memory through a restricted method. A JVM that denies native
 * access must still compute correct parity: on direct buffers with the scalar kernels, on heap
 * arrays with the vector ones. Runs in a child JVM with {@code --illegal-native-access=deny}
 * (JDK 24+), in the JDK 22+ run of the segment-kernels profile.
 */
class NativeAccessDeniedTest {
    /** The child: prints the kernels' name and whether XOR of two direct blocks came out right. */
    public static void main(String[] args) {
        ParityKernels kernels = ParityManager.kernels();
        int lengthBytes = 4096 + 3;
        ByteBuffer[] src = {ByteBuffer.allocateDirect(lengthBytes), ByteBuffer.allocateDirect(lengthBytes)};
        for (int i = 0; i < lengthBytes; i++) {
            src[0].put(i, (byte) (i * 7));
            src[1].put(i, (byte) (i * 13 + 1));
        }
        ByteBuffer dst = ByteBuffer.allocateDirect(lengthBytes);
        kernels.xor(src, new int[2], 2, dst, 0, lengthBytes);
        boolean right = true;
        for (int i = 0; i < lengthBytes; i++) {
            right &= dst.get(i) == (byte) ((i * 7) ^ (i * 13 + 1));
        }
        System.out.println(kernels.name() + " " + (right ? "right" : "WRONG"));
    }

    @Test
    void shouldComputeParityOnDirectBuffersWithTheScalarKernelsWhenNativeAccessIsDenied() throws Exception {
        assumeTrue(Boolean.getBoolean("orion.test.expectSegmentKernels"), "not the JDK 22+ run of the segment-kernels profile");
        assumeTrue(Runtime.version().feature() >= 24, "--illegal-native-access=deny exists from JDK 24");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--illegal-native-access=deny",
                "-cp", System.getProperty("java.class.path"), NativeAccessDeniedTest.class.getName())
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM ended");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.exitValue(), out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("vector-\\d+-heap right"), "kernels and result in the child: " + out);
    }
}
