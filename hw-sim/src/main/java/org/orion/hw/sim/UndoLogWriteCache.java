package org.orion.hw.sim;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.LongPredicate;
import org.orion.hw.sim.media.Media;

/**
 * A disk's volatile write cache, modelled exactly and cheaply: writes go straight to the medium
 * (so reads need no lookup), and before a block is first changed after the last flush its old
 * content (the pre-image) is saved here. A FLUSH forgets the pre-images, which makes every write so
 * far durable; a power loss writes the pre-images back, which undoes every write that was not.
 *
 * <pre>
 *   slot:      0        1        2   ...      table: logical block -> slot + 1 (0 = empty),
 *   block:     17       18       4096          open addressing, cleared slot by slot
 *   durable:   no       yes      no            (a FUA write made block 18 durable)
 *   arena:    [pre-image 17][pre-image 18][pre-image 4096]...
 * </pre>
 *
 * <p>Pre-images are kept per logical block; a torn power loss decides per physical block whether
 * the new content survives, so all logical blocks of one physical block share one fate. When more
 * than {@code maxDirtyBytes} would be dirty, the cache writes everything back (forgets the
 * pre-images) as a real drive does when its cache fills; durability only ever grows, so the rules of
 * {@link org.orion.driver.api.block.BlockDevice} still hold.
 *
 * <p>Threads: every method holds this object's lock. The disk calls {@link #beforeWrite} and then
 * writes the medium outside the lock; a write racing with a flush on another thread may end up
 * durable earlier than required, never later. Arrays grow to the largest dirty set and are reused,
 * so steady state allocates nothing.
 */
final class UndoLogWriteCache {
    static final long DEFAULT_MAX_DIRTY_BYTES = 64L << 20;
    private static final int INITIAL_SLOTS = 64;

    private final Media media;
    private final int blockBytes;
    private final int blockShift;
    private final int physicalShift;
    private final int maxSlots;
    private long[] slotBlock = new long[INITIAL_SLOTS];
    private boolean[] slotDurable = new boolean[INITIAL_SLOTS];
    private int[] slotTablePosition = new int[INITIAL_SLOTS];
    private byte[] arena;
    private int[] table = new int[INITIAL_SLOTS * 4];
    private int slots;

    UndoLogWriteCache(Media media, int logicalBlockBytes, int physicalBlockBytes, long maxDirtyBytes) {
        this.media = media;
        this.blockBytes = logicalBlockBytes;
        this.blockShift = Integer.numberOfTrailingZeros(logicalBlockBytes);
        this.physicalShift = Integer.numberOfTrailingZeros(physicalBlockBytes);
        this.maxSlots = (int) Math.max(1, Math.min(maxDirtyBytes, Integer.MAX_VALUE / 2) / logicalBlockBytes);
        this.arena = new byte[INITIAL_SLOTS * logicalBlockBytes];
    }

    /** Bytes written since the last flush that a power loss would undo. */
    synchronized long dirtyBytes() {
        long dirty = 0;
        for (int i = 0; i < slots; i++) {
            if (!slotDurable[i]) {
                dirty += blockBytes;
            }
        }
        return dirty;
    }

    /** Saves the pre-image of every block in the range not already saved; call before changing the medium. */
    synchronized void beforeWrite(long offsetBytes, long lengthBytes) throws IOException {
        long first = offsetBytes >>> blockShift;
        long end = (offsetBytes + lengthBytes) >>> blockShift;
        if (end - first > maxSlots - slots) {
            // The cache is full: write everything back, as a drive would. A write larger than the whole
            // cache then bypasses it and is durable at once.
            clear();
            if (end - first > maxSlots) {
                return;
            }
        }
        long block = first;
        while (block < end) {
            int slot = find(block);
            if (slot >= 0) {
                if (slotDurable[slot]) {
                    media.readBytes(block << blockShift, arena, slot * blockBytes, blockBytes);
                    slotDurable[slot] = false;
                }
                block++;
                continue;
            }
            long runEnd = block + 1;
            while (runEnd < end && find(runEnd) < 0) {
                runEnd++;
            }
            captureRun(block, (int) (runEnd - block));
            block = runEnd;
        }
    }

    /** A FUA write of the range reached the medium: it is durable now, whatever the cache held. */
    synchronized void markDurable(long offsetBytes, long lengthBytes) {
        long end = (offsetBytes + lengthBytes) >>> blockShift;
        for (long block = offsetBytes >>> blockShift; block < end; block++) {
            int slot = find(block);
            if (slot >= 0) {
                slotDurable[slot] = true;
            }
        }
    }

    /** Makes every write so far durable. */
    synchronized void flush() {
        clear();
    }

    /**
     * Undoes every write that is not durable, except in physical blocks for which
     * {@code keepsNewContent} says the new content had already reached the medium (a torn write).
     *
     * @return logical blocks restored to their durable content
     */
    synchronized long powerLoss(LongPredicate keepsNewContent) throws IOException {
        long restored = 0;
        for (int i = 0; i < slots; i++) {
            if (slotDurable[i]) {
                continue;
            }
            long offsetBytes = slotBlock[i] << blockShift;
            if (!keepsNewContent.test(offsetBytes >>> physicalShift)) {
                media.writeBytes(offsetBytes, arena, i * blockBytes, blockBytes);
                restored++;
            }
        }
        clear();
        return restored;
    }

    private void captureRun(long firstBlock, int count) throws IOException {
        if (slots + count > slotBlock.length) {
            growSlots(slots + count);
        }
        media.readBytes(firstBlock << blockShift, arena, slots * blockBytes, count * blockBytes);
        for (int i = 0; i < count; i++) {
            insert(firstBlock + i);
        }
    }

    private void insert(long block) {
        int slot = slots++;
        slotBlock[slot] = block;
        slotDurable[slot] = false;
        int mask = table.length - 1;
        int position = hash(block) & mask;
        while (table[position] != 0) {
            position = (position + 1) & mask;
        }
        table[position] = slot + 1;
        slotTablePosition[slot] = position;
    }

    private int find(long block) {
        int mask = table.length - 1;
        int position = hash(block) & mask;
        while (true) {
            int entry = table[position];
            if (entry == 0) {
                return -1;
            }
            if (slotBlock[entry - 1] == block) {
                return entry - 1;
            }
            position = (position + 1) & mask;
        }
    }

    private void clear() {
        for (int i = 0; i < slots; i++) {
            table[slotTablePosition[i]] = 0;
        }
        slots = 0;
    }

    private void growSlots(int needed) {
        // beforeWrite keeps slots within maxSlots, so the arena never outgrows the configured cache.
        int capacity = Math.max(needed, Math.min(slotBlock.length * 2, maxSlots));
        slotBlock = Arrays.copyOf(slotBlock, capacity);
        slotDurable = Arrays.copyOf(slotDurable, capacity);
        slotTablePosition = Arrays.copyOf(slotTablePosition, capacity);
        arena = Arrays.copyOf(arena, capacity * blockBytes);
        // Keep the table at most a quarter full so probes stay short. Its size must be a power of two
        // (positions are masked): a capacity such as 138 slots would otherwise give a mask that
        // reaches only part of the table, and inserting would probe for ever once that part filled.
        table = new int[Integer.highestOneBit(capacity * 4 - 1) << 1];
        int mask = table.length - 1;
        for (int slot = 0; slot < slots; slot++) {
            int position = hash(slotBlock[slot]) & mask;
            while (table[position] != 0) {
                position = (position + 1) & mask;
            }
            table[position] = slot + 1;
            slotTablePosition[slot] = position;
        }
    }

    private static int hash(long block) {
        long h = block * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
