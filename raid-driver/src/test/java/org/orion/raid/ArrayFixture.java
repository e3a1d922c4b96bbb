package org.orion.raid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.orion.driver.api.array.ArraySpec;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.level.StripeMap;

/**
 * Builds arrays over zero-latency heap SimDisks for tests, optionally wrapping each member (fault
 * injection) and leaving chosen slots missing. Collects the events the array raises.
 */
final class ArrayFixture {
    final List<DriverEvent> events = new CopyOnWriteArrayList<>();
    final List<SimDisk> disks = new ArrayList<>();
    final List<BlockDevice> members = new ArrayList<>();
    final ArraySpec spec;
    NanoClock clock = NanoClock.system();
    RaidOptions options = RaidOptions.DEFAULTS.withStripeCacheEntries(64);
    RaidArray array;

    private ArrayFixture(ArraySpec spec) {
        this.spec = spec;
    }

    static ArrayFixture build(int level, String layout, int members, int chunkBytes, long diskBytes) {
        return build(level, layout, members, chunkBytes, diskBytes, UnaryOperator.identity(), new int[0], false);
    }

    static ArrayFixture build(int level, String layout, int memberCount, int chunkBytes, long diskBytes,
                              UnaryOperator<BlockDevice> wrap, int[] missingSlots, boolean volatileCache) {
        return build(level, layout, memberCount, chunkBytes, diskBytes, wrap, missingSlots, volatileCache,
                LatencyModel.ZERO, NanoClock.system());
    }

    /**
     * As above, with members whose requests take {@code latency} on {@code clock} (completed on the
     * controller's thread, or, with a manual clock, by the thread that advances it); the array runs
     * on the same clock.
     */
    static ArrayFixture build(int level, String layout, int memberCount, int chunkBytes, long diskBytes,
                              UnaryOperator<BlockDevice> wrap, int[] missingSlots, boolean volatileCache,
                              LatencyModel latency, NanoClock clock) {
        return build(level, layout, memberCount, chunkBytes, diskBytes, wrap, missingSlots, volatileCache, latency, clock,
                RaidOptions.DEFAULTS.withStripeCacheEntries(64));
    }

    /** As above, with the array's data-path options (column size, stripe cache). */
    static ArrayFixture build(int level, String layout, int memberCount, int chunkBytes, long diskBytes,
                              UnaryOperator<BlockDevice> wrap, int[] missingSlots, boolean volatileCache,
                              LatencyModel latency, NanoClock clock, RaidOptions options) {
        ArrayFixture f = new ArrayFixture(new ArraySpec("md-test", level, layout, chunkBytes, memberCount, 0));
        f.clock = clock;
        f.options = options;
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < memberCount; i++) {
            specs.add(new SimDiskSpec("d" + i, diskBytes, 512, 4096, null, volatileCache));
        }
        SimController controller = SimController.create("sim", SimPersonality.SATA, clock,
                latency, specs);
        f.disks.addAll(controller.disks());
        for (int i = 0; i < memberCount; i++) {
            BlockDevice d = wrap.apply(f.disks.get(i));
            for (int m : missingSlots) {
                if (m == i) {
                    d = null;
                }
            }
            f.members.add(d);
        }
        f.array = f.open();
        return f;
    }

    /** A zero-latency disk of {@code bytes} outside any array, to rebuild onto. */
    static BlockDevice spare(long bytes) {
        return SimController.create("spare", SimPersonality.NVME, NanoClock.system(), LatencyModel.ZERO,
                List.of(new SimDiskSpec("s0", bytes, 512, 4096, null, false))).disks().get(0);
    }

    /** (Re)builds the array over the same members. */
    RaidArray open() {
        return RaidDriver.buildArray(spec, members, options, events::add, clock);
    }

    /** Stops the array without closing members, drops every member's volatile cache, and reassembles. */
    RaidArray powerCycle() {
        array.device().stop();
        for (SimDisk d : disks) {
            d.powerLoss();
        }
        array = open();
        return array;
    }

    /** Stops the array (members stay open) and reassembles it with every member wrapped by {@code wrap}. */
    RaidArray reopenWith(java.util.function.IntFunction<UnaryOperator<BlockDevice>> wrap) {
        array.device().stop();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i) != null) {
                members.set(i, wrap.apply(i).apply(members.get(i)));
            }
        }
        array = open();
        return array;
    }

    long count(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).count();
    }

    /**
     * Waits up to ten seconds for at least {@code atLeast} events of {@code kind}: events raised on the
     * ring thread arrive after calls that do not wait for it (a direct read, a fail request).
     */
    long awaitCount(String kind, long atLeast) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        long n = count(kind);
        while (n < atLeast && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            n = count(kind);
        }
        return n;
    }

    /** Every byte, read in 4 KiB requests (each within one chunk: all qualify for the direct path). */
    static byte[] readAllIn4k(RaidArray array) {
        int capacity = (int) array.info().capacityBytes();
        byte[] all = new byte[capacity];
        for (int off = 0; off < capacity; off += 4096) {
            System.arraycopy(Completions.read(array, off, 4096), 0, all, off, 4096);
        }
        return all;
    }

    /** Bit set of the slots holding a copy of the chunk that array byte {@code offsetBytes} is in. */
    static long slotsHolding(RaidLayout layout, long offsetBytes) {
        StripeMap map = layout.newStripeMap();
        long stripe = offsetBytes / layout.stripeBytes();
        int block = (int) (offsetBytes % layout.stripeBytes() / layout.chunkBytes());
        layout.map(stripe, map);
        long slots = 0;
        for (int c = 0; c < map.copies; c++) {
            slots |= 1L << map.member(block, c);
        }
        return slots;
    }

    /**
     * Offsets of the 4 KiB blocks that keep a copy on a slot outside {@code goneSlots}: those the
     * direct path can serve with those slots gone (the others need reconstruction, or are lost).
     */
    static long[] directlyReadable4kOffsets(RaidArray array, long goneSlots) {
        RaidLayout layout = array.device().layout();
        return java.util.stream.LongStream.range(0, array.info().capacityBytes() / 4096).map(b -> b * 4096)
                .filter(off -> (slotsHolding(layout, off) & ~goneSlots) != 0).toArray();
    }

    /**
     * Marks {@code slot} faulty and waits until the array has handled it: the failure travels through
     * the ring ahead of a flush, so once the flush completes every later request sees the member gone.
     */
    void failAndSettle(int slot) {
        array.failMember(slot);
        Completions.assertOk(Completions.flush(array), "flush after failing slot " + slot);
    }

    /**
     * Writes a seeded pattern over the whole array in requests of {@code pieceBytes}, asserting each
     * succeeds; returns the pattern (what every later read must return).
     */
    static byte[] fillWithPattern(RaidArray array, long seed, int pieceBytes) {
        int capacity = (int) array.info().capacityBytes();
        byte[] data = Patterns.random(seed, capacity);
        for (int off = 0; off < capacity; off += pieceBytes) {
            int len = Math.min(pieceBytes, capacity - off);
            Completions.assertOk(Completions.write(array, off, Arrays.copyOfRange(data, off, off + len)), "fill " + off);
        }
        return data;
    }
}
