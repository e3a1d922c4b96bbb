package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.raid.level.StripeMap;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncResult;

/** Background passes: check finds and locates inconsistent redundancy, repair and resync fix it. */
class BackgroundSyncTest {
    private static final int CHUNK = 16 * 1024;

    private static SyncResult run(RaidArray array, SyncKind kind) throws Exception {
        return Passes.run(array, kind);
    }

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,3", "5,left-symmetric,4", "6,left-symmetric,5", "6,ddf-N-continue,6", "10,f2,4", "4,,4"})
    void shouldCountAndLocateMismatchesThenRepairThem(int level, String layout, int members) throws Exception {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, 1L << 20);
        RaidArray array = f.array;
        byte[] data = Patterns.random(5, (int) array.info().capacityBytes());
        Completions.assertOk(Completions.write(array, 0, Arrays.copyOf(data, data.length)), "fill");
        assertEquals(0, run(array, SyncKind.CHECK).mismatchBytes(), "a freshly written array is consistent");

        // Corrupt the redundancy of stripe 3 behind the array's back: P on parity levels, the
        // second copy on mirrors.
        StripeMap map = array.device().layout().newStripeMap();
        array.device().layout().map(3, map);
        int victim = map.pMember >= 0 ? map.pMember : map.member(0, 1);
        long offset = map.pMember >= 0 ? map.parityOffsetBytes : map.offsetBytes(0, 1);
        SyncIo.writeBytes(f.disks.get(victim), offset + 4096, Patterns.random(99, 4096), 0);

        SyncResult check = run(array, SyncKind.CHECK);
        long stripeBytes = array.device().layout().stripeBytes();
        assertTrue(check.mismatchBytes() > 0, "check counts the mismatch");
        assertEquals(1, check.mismatchRanges().size());
        assertArrayEquals(new long[] {3 * stripeBytes, 4 * stripeBytes}, check.mismatchRanges().get(0),
                "check reports the array range of the inconsistent stripe");
        assertEquals(check.mismatchBytes(), run(array, SyncKind.CHECK).mismatchBytes(), "check changes nothing");

        assertTrue(run(array, SyncKind.REPAIR).mismatchBytes() > 0, "repair finds it too");
        assertEquals(0, run(array, SyncKind.CHECK).mismatchBytes(), "and fixes it");
        assertArrayEquals(data, Completions.read(array, 0, data.length), "data untouched");
        array.close();
    }

    @ParameterizedTest(name = "raid{0} x{1}")
    @CsvSource({"5,4", "6,6", "1,2", "10,4"})
    void shouldMakeRedundancyConsistentWithDataOnResync(int level, int members) throws Exception {
        ArrayFixture f = ArrayFixture.build(level, null, members, CHUNK, 1L << 20);
        // Members written independently, as after an unclean shutdown with writes in flight.
        for (int i = 0; i < members; i++) {
            SyncIo.writeBytes(f.disks.get(i), 0, Patterns.random(i, 1 << 20), 0);
        }
        assertTrue(run(f.array, SyncKind.CHECK).mismatchBytes() > 0);
        SyncResult resync = run(f.array, SyncKind.RESYNC);
        assertEquals(f.array.device().layout().stripeCount(), resync.stripesDone());
        assertEquals(0, run(f.array, SyncKind.CHECK).mismatchBytes(), "consistent after resync");
        byte[] before = Completions.read(f.array, 0, (int) f.array.info().capacityBytes());
        f.array.failMember(members - 1);
        assertArrayEquals(before, Completions.read(f.array, 0, before.length), "a failure now reconstructs the same data");
        f.array.close();
    }
}
