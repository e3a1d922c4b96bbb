package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.ByteRange;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.raid.level.StripeMap;
import org.orion.raid.stripe.SyncKind;

/**
 * A resync after a crash that cannot read a data block of a RAID5 stripe cannot make P agree with
 * the data; if the crash tore a write there, P is stale (campaign seed 8526: md reconstructs the
 * block from it and returns old data). The block must read as an error instead, the rest of the
 * stripe must stay readable and writable, and writing the block heals the stripe.
 */
class UnreadableDuringResyncTest {
    private static final int CHUNK = 16 * 1024;

    private static IoStatus read(RaidArray array, long offsetBytes) {
        return Completions.run(array, IoOp.READ, offsetBytes, CHUNK, ByteBuffer.allocate(CHUNK), 0, 0);
    }

    /** Stripe 5 of a filled RAID5: block 1 torn on its member, sectors 4..11 of block 0 unreadable. */
    private static final class TornStripe {
        final ArrayFixture f = ArrayFixture.build(5, "left-symmetric", 4, CHUNK, 1L << 20);
        final byte[] data = Patterns.random(41, (int) f.array.info().capacityBytes());
        final long stripeBytes = f.array.device().layout().stripeBytes();
        final StripeMap map = f.array.device().layout().newStripeMap();
        final byte[] tornBlock = Patterns.random(9, CHUNK);
        final long block0 = 5 * stripeBytes;

        TornStripe() {
            Completions.assertOk(Completions.write(f.array, 0, data.clone()), "fill");
            f.array.device().layout().map(5, map);
            int unreadable = map.member(0, 0);
            // The crash tore a write of block 1: its member holds new bytes, P the old parity.
            SyncIo.writeBytes(f.disks.get(map.member(1, 0)), map.offsetBytes(1, 0), tornBlock, 0);
            System.arraycopy(tornBlock, 0, data, (int) (block0 + CHUNK), CHUNK);
            long firstSector = map.offsetBytes(0, 0) / 512;
            f.reopenWith(slot -> slot == unreadable
                    ? d -> new FaultyBlockDevice(d, FaultPlan.builder(3).latentSectorError(firstSector + 4, 8).build())
                    : UnaryOperator.identity());
        }
    }

    @Test
    void shouldFailTheUnreadableBlockOfAStripeTheResyncCouldNotMakeConsistentAndHealItByAWrite() throws Exception {
        TornStripe t = new TornStripe();
        ArrayFixture f = t.f;
        byte[] data = t.data;
        long stripeBytes = t.stripeBytes;
        StripeMap torn = t.map;
        byte[] tornBlock = t.tornBlock;
        Passes.run(f.array, SyncKind.RESYNC);

        long block0 = t.block0;
        assertEquals(IoStatus.MEDIA_ERROR, read(f.array, block0), "not solved from P the crash left stale");
        DriverEvent.BadBlocksRecorded recorded = f.events.stream().filter(DriverEvent.BadBlocksRecorded.class::isInstance)
                .map(DriverEvent.BadBlocksRecorded.class::cast).findFirst().orElseThrow();
        assertEquals(List.of(new ByteRange(block0, block0 + CHUNK)), recorded.ranges(), "the block is reported");
        assertArrayEquals(Arrays.copyOfRange(data, (int) block0 + CHUNK, (int) (block0 + stripeBytes)),
                Completions.read(f.array, block0 + CHUNK, (int) stripeBytes - CHUNK), "the stripe's other blocks read");

        byte[] block2 = Patterns.random(10, CHUNK);
        Completions.assertOk(Completions.write(f.array, block0 + 2 * CHUNK, block2), "a write of another block");
        assertArrayEquals(block2, Completions.read(f.array, block0 + 2 * CHUNK, CHUNK));
        assertEquals(IoStatus.MEDIA_ERROR, read(f.array, block0), "still unknown");

        byte[] block0Data = Patterns.random(11, CHUNK);
        Completions.assertOk(Completions.write(f.array, block0, block0Data), "writing the block heals it");
        assertArrayEquals(block0Data, Completions.read(f.array, block0, CHUNK));
        f.failAndSettle(torn.member(1, 0));
        assertArrayEquals(tornBlock, Completions.read(f.array, block0 + CHUNK, CHUNK),
                "the healed P reconstructs the stripe");
        f.array.close();
    }

    @Test
    void shouldDistrustAllOfAParityRangeAWriteLeavesBehindEvenWhereAnEarlierWriteHadHealedIt() throws Exception {
        // Campaign seed 3489: P was bad over a column but an earlier write had healed its start;
        // a write that left P alone over the whole column must not leave that start trusted, or a
        // later read solves a block from a P that no longer matches.
        TornStripe t = new TornStripe();
        Passes.run(t.f.array, SyncKind.RESYNC);
        Completions.assertOk(Completions.write(t.f.array, t.block0, Patterns.random(12, 2048)),
                "rewriting block 0's first sectors heals P there");
        Completions.assertOk(Completions.write(t.f.array, t.block0 + 2 * CHUNK, Patterns.random(13, CHUNK)),
                "a whole write of block 2 leaves P alone (block 0 still has unreadable sectors)");
        t.f.failAndSettle(t.map.member(1, 0));
        assertEquals(IoStatus.MEDIA_ERROR, Completions.run(t.f.array, IoOp.READ, t.block0 + CHUNK, 2048,
                ByteBuffer.allocate(2048), 0, 0), "block 1 is not solved from the P block 2's write made stale");
        t.f.array.close();
    }
}
