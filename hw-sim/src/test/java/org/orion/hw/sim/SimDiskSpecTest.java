package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimDiskSpecTest {
    private static String rejection(long capacityBytes, int logical, int physical) {
        return assertThrows(IllegalArgumentException.class,
                () -> new SimDiskSpec("d7", capacityBytes, logical, physical, null, false)).getMessage();
    }

    @Test
    void shouldRejectANonPositiveCapacityNamingTheDisk() {
        String message = rejection(0, 512, 4096);
        assertTrue(message.contains("d7") && message.contains("capacity 0 bytes must be positive"), message);
        assertTrue(rejection(-4096, 512, 4096).contains("must be positive"));
    }

    @Test
    void shouldRejectACapacityThatIsNotBlockAlignedAndSuggestTheNearestSizes() {
        String message = rejection(1000, 512, 512);
        assertTrue(message.contains("d7") && message.contains("not a multiple of the logical block size 512"), message);
        assertTrue(message.contains("use 512 or 1024"), message);
    }

    @Test
    void shouldRejectLogicalBlocksThatAreNotPowersOfTwoOfAtLeast512() {
        assertTrue(rejection(1 << 20, 256, 4096).contains("logical block size 256"));
        assertTrue(rejection(1 << 20, 1000, 4096).contains("logical block size 1000"));
        assertTrue(rejection(1 << 20, 128 * 1024, 128 * 1024).contains("logical block size 131072"));
    }

    @Test
    void shouldRejectPhysicalBlocksSmallerThanLogicalOrNotPowersOfTwo() {
        String smaller = rejection(1 << 20, 4096, 512);
        assertTrue(smaller.contains("d7") && smaller.contains("physical block size 512"), smaller);
        assertTrue(rejection(1 << 20, 512, 3072).contains("physical block size 3072"));
    }

    @Test
    void shouldRejectNamesThatCannotBePartOfADevicePath() {
        assertThrows(IllegalArgumentException.class, () -> SimDiskSpec.heap("", 1 << 20));
        String message = assertThrows(IllegalArgumentException.class, () -> SimDiskSpec.heap("a/b", 1 << 20)).getMessage();
        assertTrue(message.contains("'a/b'") && message.contains("contains '/'"), message);
        assertThrows(NullPointerException.class, () -> SimDiskSpec.heap(null, 1 << 20));
    }

    @Test
    void shouldAcceptTypicalDisksAndOfferShortcuts() {
        SimDiskSpec heap = SimDiskSpec.heap("disk0", 1L << 40);
        assertTrue(heap.isHeap());
        assertEquals(512, heap.logicalBlockBytes());
        assertEquals(4096, heap.physicalBlockBytes());
        assertFalse(heap.volatileCache());
        assertTrue(heap.withVolatileCache(true).volatileCache());
        SimDiskSpec file = SimDiskSpec.file("disk1", 4096, Path.of("/tmp/x.img"));
        assertFalse(file.isHeap());
        new SimDiskSpec("4kn", 1 << 20, 4096, 4096, null, true);
    }
}
