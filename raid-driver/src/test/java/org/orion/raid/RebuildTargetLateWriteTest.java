package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.raid.array.MemberState;
import org.orion.raid.stripe.SyncResult;

/**
 * A client write of a range a rebuild has already passed also goes to the rebuild target, and may
 * still be in flight there when the rebuild completes (the pass waits for its own pieces only). The
 * target then holds its slot in sync and is read directly; if that write fails on it, the member
 * lacks a write the array acknowledges. It must be marked faulty before the write is acknowledged,
 * so that no later read, direct ({@link org.orion.raid.stripe.FastReads}) or on the ring, returns
 * what it held there before (campaign seed 5433: a RAID10 member re-added after a pull timed out
 * such a write just after its recovery completed; the range read back stale).
 */
class RebuildTargetLateWriteTest {
    private static final int CHUNK = 16 * 1024;
    private static final long DISK_BYTES = 1L << 20;
    private static final long SEED = Long.getLong("orion.test.seed", 42L);
    private static final int SLOT = 1;

    @ParameterizedTest(name = "raid{0} {1} x{2}")
    @CsvSource({"1,,2", "10,n2,4", "10,n2,3"})
    void aWriteThatFailsOnTheNewMemberAfterItsRebuildCompletedMarksItFaultyBeforeTheWriteIsAcknowledged(
            int level, String layout, int members) throws Exception {
        ArrayFixture f = ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES);
        try {
            byte[] data = ArrayFixture.fillWithPattern(f.array, SEED, 64 * 1024);
            RaidBlockDevice device = f.array.device();
            assertTrue((ArrayFixture.slotsHolding(device.layout(), 0) & (1L << SLOT)) != 0,
                    "slot 1 holds a copy of the first chunk");
            f.failAndSettle(SLOT);

            // The rebuild stops at the middle of the target, so it is still running when the client
            // writes the first 4 KiB (already rebuilt: the target gets that write too, and holds it).
            LateTargetWrites target = new LateTargetWrites(ArrayFixture.spare(DISK_BYTES), DISK_BYTES / 2);
            CompletableFuture<SyncResult> done = Passes.recover(f.array, SLOT, target);
            DegradedFastReadsTest.waitFor(() -> target.heldRebuildWrites() > 0);
            byte[] newer = Patterns.random(SEED + 1, 4096);
            Completions.Recorder write = new Completions.Recorder();
            assertEquals(IoStatus.OK, f.array.submit(new IoRequest().set(IoOp.WRITE, 0, 4096, ByteBuffer.wrap(newer),
                    0, 0, write)), "write accepted");
            DegradedFastReadsTest.waitFor(target::holdsClientWrite);

            target.releaseRebuild();
            done.get(60, TimeUnit.SECONDS);
            assertSame(target, device.members().get(SLOT).device(), "the rebuilt member holds the slot");
            assertFalse(write.isDone(), "the write waits for its copy on the new member");

            target.failClientWrite(IoStatus.TIMEOUT);
            assertEquals(IoStatus.OK, write.await(), "the write is acknowledged: the other copy holds it");

            // Whichever copy each read's rotation picks, the written range reads back as written.
            long direct = device.fastReads().completions();
            for (int i = 0; i < 8; i++) {
                assertArrayEquals(newer, Completions.read(f.array, 0, 4096), "read " + i + " of the written range");
            }
            assertEquals(direct + 8, device.fastReads().completions(), "those reads went directly to a member");
            assertEquals(MemberState.FAULTY, device.memberStates()[SLOT],
                    "the new member, which missed the write, was marked faulty (before the acknowledgement)");
            System.arraycopy(newer, 0, data, 0, newer.length);
            assertArrayEquals(data, ArrayFixture.readAllIn4k(f.array), "every byte reads back [seed " + SEED + "]");
        } finally {
            f.array.close();
        }
    }

    /**
     * A rebuild target that holds the rebuild's writes from {@code rebuildHeldFromBytes} on (so the
     * rebuild stalls there) and, while it does, the one client write that arrives below that point
     * (a range already rebuilt), which the test completes later with a status of its choice.
     */
    private static final class LateTargetWrites extends FilterBlockDevice {
        private final long rebuildHeldFromBytes;
        private final ArrayDeque<IoRequest> rebuildWrites = new ArrayDeque<>();
        private boolean holdingRebuild = true;
        private IoRequest clientWrite;

        LateTargetWrites(BlockDevice delegate, long rebuildHeldFromBytes) {
            super(delegate);
            this.rebuildHeldFromBytes = rebuildHeldFromBytes;
        }

        synchronized int heldRebuildWrites() {
            return rebuildWrites.size();
        }

        synchronized boolean holdsClientWrite() {
            return clientWrite != null;
        }

        @Override
        public IoStatus submit(IoRequest request) {
            if (request.op() == IoOp.WRITE) {
                synchronized (this) {
                    if (holdingRebuild && request.offsetBytes() >= rebuildHeldFromBytes) {
                        rebuildWrites.add(request);
                        return IoStatus.OK;
                    }
                    // The rebuild writes in order, and it is stalled above: this one is the client's.
                    if (holdingRebuild && !rebuildWrites.isEmpty() && clientWrite == null) {
                        clientWrite = request;
                        return IoStatus.OK;
                    }
                }
            }
            return super.submit(request);
        }

        /** Lets the held rebuild writes go (in order) and every later rebuild write straight through. */
        void releaseRebuild() {
            IoRequest next;
            while (true) {
                synchronized (this) {
                    next = rebuildWrites.poll();
                    if (next == null) {
                        holdingRebuild = false;
                        return;
                    }
                }
                IoStatus accepted = super.submit(next);
                if (accepted != IoStatus.OK) {
                    next.complete(accepted);
                }
            }
        }

        /** Completes the held client write with {@code status}, without writing anything. */
        void failClientWrite(IoStatus status) {
            IoRequest write;
            synchronized (this) {
                write = clientWrite;
            }
            write.complete(status);
        }
    }
}
