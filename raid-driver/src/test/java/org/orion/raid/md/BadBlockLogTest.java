package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

class BadBlockLogTest {
    private static long entry(byte[] area, int index) {
        return ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN).getLong(index * 8);
    }

    @Test
    void shouldEncodeEntriesAsStartShiftedTenBitsOrLength() {
        byte[] area = BadBlockLog.empty(0, 8).add(1000, 5).add(40, 1).encode();

        assertEquals(4096, area.length);
        assertEquals((40L << 10) | 1, entry(area, 0), "sorted by start");
        assertEquals((1000L << 10) | 5, entry(area, 1));
        assertEquals(-1L, entry(area, 2), "unused entries are all ones");
        assertEquals(-1L, entry(area, 511));
    }

    @Test
    void shouldDecodeWhatItEncodesAndStopAtTheFirstUnusedEntry() {
        BadBlockLog log = BadBlockLog.empty(0, 8).add(7, 3).add(1 << 30, 100);
        byte[] area = log.encode();
        ByteBuffer.wrap(area).order(ByteOrder.LITTLE_ENDIAN).putLong(8 * 5, (99L << 10) | 9);

        BadBlockLog decoded = BadBlockLog.decode(area, 0, "sdb");

        assertEquals(log, decoded, "the entry after the all-ones one is not read");
        assertEquals(List.of(new BadBlockLog.Range(7, 3), new BadBlockLog.Range(1 << 30, 100)), decoded.ranges());
    }

    @Test
    void shouldMergeOverlappingAndTouchingRanges() {
        BadBlockLog log = BadBlockLog.empty(0, 8).add(100, 10).add(110, 5).add(95, 8).add(200, 1);

        assertEquals(List.of(new BadBlockLog.Range(95, 20), new BadBlockLog.Range(200, 1)), log.ranges());
        assertEquals(2, log.entryCount());
    }

    @Test
    void shouldSplitRangesLongerThanOneEntry() {
        byte[] area = BadBlockLog.empty(0, 8).add(0, 1300).encode();

        assertEquals(512, entry(area, 0));
        assertEquals((512L << 10) | 512, entry(area, 1));
        assertEquals((1024L << 10) | 276, entry(area, 2));
        assertEquals(List.of(new BadBlockLog.Range(0, 1300)), BadBlockLog.decode(area, 0, "sdb").ranges());
    }

    @Test
    void shouldCountInUnitsOfTheShift() {
        // Shift 3: units of 8 sectors; sectors 13..17 widen to units 1..2 = sectors 8..23.
        BadBlockLog log = BadBlockLog.empty(3, 8).add(13, 5);

        assertEquals(List.of(new BadBlockLog.Range(8, 16)), log.ranges());
        assertEquals((1L << 10) | 2, entry(log.encode(), 0));
        assertTrue(log.contains(8) && log.contains(23));
        assertFalse(log.contains(7) || log.contains(24));
        assertEquals(log, BadBlockLog.decode(log.encode(), 3, "sdb"));
    }

    @Test
    void shouldAnswerWhetherARangeTouchesABadBlock() {
        BadBlockLog log = BadBlockLog.empty(0, 8).add(100, 10);

        assertTrue(log.overlaps(90, 11));
        assertTrue(log.overlaps(109, 100));
        assertFalse(log.overlaps(90, 10));
        assertFalse(log.overlaps(110, 5));
        assertFalse(BadBlockLog.empty(0, 8).contains(0));
    }

    @Test
    void shouldRefuseToGrowPastItsArea() {
        BadBlockLog log = BadBlockLog.empty(0, 1);
        for (int i = 0; i < 64; i++) {
            log = log.add(i * 10L, 1);
        }
        BadBlockLog full = log;

        OrionException e = assertThrows(OrionException.class, () -> full.add(5000, 1));
        assertEquals(ErrorCode.SIZE, e.code());
        assertTrue(e.getMessage().contains("65 entries needed, room for 64"), e.getMessage());
        assertEquals(64, full.entryCount(), "the full log itself is unchanged");
        assertEquals(full, full.add(0, 1), "a block already recorded needs no entry");
    }

    @Test
    void shouldRefuseAZeroLengthEntryNamingTheDevice() {
        // mdadm leaves a fresh log zeroed; it is only read once BAD_BLOCKS is set.
        byte[] zeroed = new byte[4096];

        OrionException e = assertThrows(OrionException.class, () -> BadBlockLog.decode(zeroed, 0, "disk0.img"));
        assertEquals(ErrorCode.CORRUPT, e.code());
        assertTrue(e.getMessage().startsWith("disk0.img: bad-block log entry 0 (0x0000000000000000)"
                + " has length 0"), e.getMessage());
    }

    @Test
    void shouldSizeAnEmptyLogFromItsSuperblock() {
        Superblock1 sb = Superblock1.builder().bblogShift(0).bblogSizeSectors(8).bblogOffsetSectors(16).build();

        BadBlockLog log = BadBlockLog.emptyFor(sb);

        assertEquals(512, log.capacityEntries());
        byte[] allOnes = new byte[4096];
        Arrays.fill(allOnes, (byte) 0xff);
        assertArrayEquals(allOnes, log.encode());
        assertTrue(BadBlockLog.decode(allOnes, 0, "sdb").isEmpty());
    }
}
