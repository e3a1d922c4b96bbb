package org.orion.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A sector names the write it came from; a byte mix of allowed versions is told apart from anything else. */
class SectorPatternTest {
    private static final long SECTOR = 10_431;
    private final SectorPattern pattern = new SectorPattern(50_506);

    private ByteBuffer sectorOf(int writeId) {
        ByteBuffer b = ByteBuffer.allocate(SectorPattern.SECTOR_BYTES);
        pattern.fill(b, 0, writeId, SECTOR);
        return b;
    }

    /** The first {@code cut} bytes of {@code head}'s version, the rest of {@code tail}'s: a copy caught half way. */
    private ByteBuffer torn(int head, int tail, int cut) {
        ByteBuffer b = sectorOf(tail);
        ByteBuffer h = sectorOf(head);
        for (int i = 0; i < cut; i++) {
            b.put(i, h.get(i));
        }
        return b;
    }

    @Test
    void shouldNameTheWriteOfAnIntactSectorAndNoneOfATornOne() {
        assertEquals(38, pattern.decode(sectorOf(38), 0, SECTOR));
        assertEquals(0, pattern.decode(sectorOf(0), 0, SECTOR));
        assertEquals(-1, pattern.decode(torn(38, 39, 200), 0, SECTOR));
        assertEquals(38, pattern.claimedWriter(torn(38, 39, 200), 0, SECTOR), "the header still names write #38");
    }

    @Test
    void shouldAcceptATornSectorOnlyAsAMixOfTheVersionsAReadMaySee() {
        assertTrue(pattern.mixOf(torn(38, 39, 200), 0, SECTOR, new int[] {38, 39}, 2));
        assertTrue(pattern.mixOf(torn(38, 39, 3), 0, SECTOR, new int[] {39, 38}, 2), "cut inside a long");
        assertTrue(pattern.mixOf(torn(0, 39, 300), 0, SECTOR, new int[] {0, 39}, 2), "zeroes are write 0");
        assertFalse(pattern.mixOf(torn(38, 39, 200), 0, SECTOR, new int[] {38}, 1), "write #39 is not allowed");
        assertFalse(pattern.mixOf(torn(38, 40, 200), 0, SECTOR, new int[] {38, 39}, 2), "write #40 is not allowed");
        ByteBuffer shifted = sectorOf(38);
        ByteBuffer other = ByteBuffer.allocate(SectorPattern.SECTOR_BYTES);
        pattern.fill(other, 0, 38, SECTOR + 1);
        for (int i = 256; i < SectorPattern.SECTOR_BYTES; i++) {
            shifted.put(i, other.get(i));
        }
        assertFalse(pattern.mixOf(shifted, 0, SECTOR, new int[] {38, 39}, 2), "another sector's bytes are not a mix");
    }
}
