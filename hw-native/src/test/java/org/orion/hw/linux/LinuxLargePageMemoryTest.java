package org.orion.hw.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.spi.LargePageMemory;
import org.orion.hw.linux.jna.NativeBuffers;

/** I/O buffers in transparent huge pages: placed on 2 MiB boundaries, usable, backed by huge pages, unmapped on free. */
class LinuxLargePageMemoryTest {
    private final LinuxLargePageMemory memory = new LinuxLargePageMemory();

    @Test
    void shouldBeTheRegisteredLargePageMemory() {
        assertTrue(ServiceLoader.load(LargePageMemory.class).findFirst().orElseThrow() instanceof LinuxLargePageMemory);
    }

    @Test
    void shouldHandOutAZeroedDirectBufferOfExactlyTheSizeOnATwoMebibyteBoundary() {
        ByteBuffer buffer = memory.allocate((1 << 20) + 4096).orElseThrow();
        assertTrue(buffer.isDirect());
        assertEquals((1 << 20) + 4096, buffer.capacity());
        assertEquals(0, NativeBuffers.address(buffer) % (2 << 20), "starts on a large page");
        for (int i = 0; i < buffer.capacity(); i += 4096) {
            assertEquals(0, buffer.get(i), "fresh anonymous memory reads as zeroes");
            buffer.put(i, (byte) (i >>> 12));
        }
        assertEquals((byte) 200, buffer.get(200 * 4096));
        memory.free(buffer);
        assertEquals(0, memory.outstanding());
    }

    @Test
    void shouldBackTheBufferWithHugePagesWhenTheKernelOffersThem() throws IOException {
        String mode = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        ByteBuffer buffer = memory.allocate(4 << 20).orElseThrow();
        try {
            for (int i = 0; i < buffer.capacity(); i += 4096) {
                buffer.put(i, (byte) 1);
            }
            long address = NativeBuffers.address(buffer);
            long hugeKiB = anonHugePagesKiB(address);
            if (mode.contains("[never]")) {
                assertEquals(0, hugeKiB, "THP is off here: small pages, which still work");
            } else {
                assertTrue(hugeKiB >= 2048, "THP mode " + mode.trim() + ", yet the buffer's mapping has "
                        + hugeKiB + " KiB in huge pages");
            }
        } finally {
            memory.free(buffer);
        }
    }

    @Test
    void shouldRefuseToFreeABufferItDidNotHandOutOrFreedAlready() {
        ByteBuffer buffer = memory.allocate(4096).orElseThrow();
        memory.free(buffer);
        assertThrows(IllegalArgumentException.class, () -> memory.free(buffer));
        assertThrows(IllegalArgumentException.class, () -> memory.free(ByteBuffer.allocateDirect(4096)));
    }

    /** AnonHugePages of the mapping that holds {@code address}, from /proc/self/smaps. */
    private static long anonHugePagesKiB(long address) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        boolean inMapping = false;
        for (String line : lines) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                inMapping = Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16);
            } else if (inMapping && line.startsWith("AnonHugePages:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no mapping holds " + Long.toHexString(address) + " in /proc/self/smaps");
    }
}
