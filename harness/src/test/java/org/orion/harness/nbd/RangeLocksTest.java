package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The write-range locks that make read-modify-write safe: who overlaps whom, and in what order waiters go. */
class RangeLocksTest {
    private final ConnectionLoop loop = new ConnectionLoop(16);
    private final RangeLocks locks = new RangeLocks();

    private Exchange range(long start, long end, boolean exclusive) {
        Exchange e = new Exchange(loop);
        e.lockStartBytes = start;
        e.lockEndBytes = end;
        e.lockExclusive = exclusive;
        return e;
    }

    @Test
    void shouldLetPlainWritesOverlapButKeepAReadModifyWriteAlone() {
        assertTrue(locks.acquire(range(0, 8192, false)));
        assertTrue(locks.acquire(range(4096, 12288, false)), "shared ranges may overlap");
        assertFalse(locks.acquire(range(8192, 12288, true)), "an exclusive range waits for overlapping holders");
        assertTrue(locks.acquire(range(12288, 16384, true)), "a disjoint exclusive range goes at once");
    }

    @Test
    void shouldGrantWaitersInOrderWhenTheirRangeFrees() {
        Exchange holder = range(0, 4096, true);
        Exchange first = range(0, 4096, true);
        Exchange second = range(0, 8192, false);
        Exchange elsewhere = range(8192, 12288, false);
        assertTrue(locks.acquire(holder));
        assertFalse(locks.acquire(first));
        assertFalse(locks.acquire(second), "waits behind the holder");
        assertTrue(locks.acquire(elsewhere));
        locks.release(holder);
        assertEquals(1, loop.queued(), "only the first waiter was granted: the second overlaps it");
        locks.release(first);
        assertEquals(2, loop.queued());
        assertEquals(2, locks.size(), "second and elsewhere held, nobody waiting");
    }

    @Test
    void shouldNotLetPlainWritesOvertakeAWaitingReadModifyWrite() {
        assertTrue(locks.acquire(range(0, 4096, false)));
        assertFalse(locks.acquire(range(0, 4096, true)));
        assertFalse(locks.acquire(range(0, 4096, false)), "a later plain write queues behind the waiting exclusive");
    }

    @Test
    void shouldRefuseToReleaseARangeThatIsNotHeld() {
        assertThrows(IllegalStateException.class, () -> locks.release(range(0, 1, false)));
    }
}
