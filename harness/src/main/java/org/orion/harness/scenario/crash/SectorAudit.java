package org.orion.harness.scenario.crash;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;

/**
 * Reads a whole array back and judges every sector against the {@link ClientHistory} for a crash
 * at {@code crashSeq}. Sectors can be split in two groups (the write-hole probe separates stripes
 * that were being written at the crash from the others); counts are kept per group and verdict.
 *
 * @param settled    verdict counts of the sectors outside {@code unsettled}
 * @param unsettled  verdict counts of the sectors inside it
 * @param unreadable sectors outside {@code unsettled} whose read failed
 * @param unreadableUnsettled sectors inside it whose read failed (an error is the right answer where
 *                   the content cannot be known; never counted wrong)
 * @param wrongDurableUnsettled wrong sectors in the unsettled group whose floor is a real write:
 *                   acknowledged and flushed (or FUA) data that was lost
 * @param examples   the first few bad sectors outside the unsettled group, one line each
 * @param unsettledExamples the first few bad sectors inside it
 */
record SectorAudit(Map<ClientHistory.Verdict, Long> settled, Map<ClientHistory.Verdict, Long> unsettled,
                   long unreadable, long unreadableUnsettled, long wrongDurableUnsettled, List<String> examples, List<String> unsettledExamples) {
    private static final int READ_BYTES = 1 << 20;
    private static final int MAX_EXAMPLES = 3;

    static SectorAudit of(BlockDevice array, ClientHistory history, long crashSeq, LongPredicate unsettledSector) {
        long[] floors = history.floors(crashSeq);
        Map<ClientHistory.Verdict, Long> settled = new EnumMap<>(ClientHistory.Verdict.class);
        Map<ClientHistory.Verdict, Long> unsettled = new EnumMap<>(ClientHistory.Verdict.class);
        List<String> examples = new ArrayList<>();
        List<String> unsettledExamples = new ArrayList<>();
        long unreadable = 0;
        long unreadableUnsettled = 0;
        long wrongDurable = 0;
        long arrayBytes = history.arraySectors() * SectorPattern.SECTOR_BYTES;
        byte[] buffer = new byte[READ_BYTES];
        for (long offset = 0; offset < arrayBytes; offset += READ_BYTES) {
            int length = (int) Math.min(READ_BYTES, arrayBytes - offset);
            IoStatus status = SyncIo.read(array, offset, java.nio.ByteBuffer.wrap(buffer), 0, length);
            long firstSector = offset / SectorPattern.SECTOR_BYTES;
            int sectors = length / SectorPattern.SECTOR_BYTES;
            boolean[] failed = new boolean[status == IoStatus.OK ? 0 : sectors];
            if (status != IoStatus.OK) {
                // One unreadable stripe fails the whole read: read sector by sector to say which.
                for (int i = 0; i < sectors; i++) {
                    int at = i * SectorPattern.SECTOR_BYTES;
                    IoStatus one = SyncIo.read(array, offset + at, java.nio.ByteBuffer.wrap(buffer), at,
                            SectorPattern.SECTOR_BYTES);
                    if (one != IoStatus.OK) {
                        failed[i] = true;
                        long sector = firstSector + i;
                        if (unsettledSector != null && unsettledSector.test(sector)) {
                            unreadableUnsettled++;
                        } else {
                            unreadable++;
                            if (examples.size() < MAX_EXAMPLES) {
                                examples.add("sector " + sector + ": read failed with " + one);
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < sectors; i++) {
                long sector = firstSector + i;
                if (failed.length > 0 && failed[i]) {
                    continue;
                }
                long readId = SectorPattern.identify(buffer, i * SectorPattern.SECTOR_BYTES, sector);
                long floor = floors[(int) sector];
                ClientHistory.Verdict verdict = history.judge(sector, readId, floor, crashSeq);
                boolean inUnsettled = unsettledSector != null && unsettledSector.test(sector);
                (inUnsettled ? unsettled : settled).merge(verdict, 1L, Long::sum);
                if (inUnsettled && verdict != ClientHistory.Verdict.ALLOWED && floor != SectorPattern.NEVER_WRITTEN) {
                    wrongDurable++;
                }
                List<String> into = inUnsettled ? unsettledExamples : examples;
                if (verdict != ClientHistory.Verdict.ALLOWED && into.size() < MAX_EXAMPLES) {
                    into.add("sector " + sector + ": " + verdict + ", read " + name(readId) + ", must be " + name(floor)
                            + " or a later write to it");
                }
            }
        }
        return new SectorAudit(Map.copyOf(settled), Map.copyOf(unsettled), unreadable, unreadableUnsettled, wrongDurable, List.copyOf(examples),
                List.copyOf(unsettledExamples));
    }

    /** Wrong sectors (anything but ALLOWED, and unreadable ones) outside the unsettled group. */
    long wrongSettled() {
        return wrong(settled) + unreadable;
    }

    long wrongUnsettled() {
        return wrong(unsettled);
    }

    long unsettledSectors() {
        return unsettled.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long wrong(Map<ClientHistory.Verdict, Long> counts) {
        long n = 0;
        for (Map.Entry<ClientHistory.Verdict, Long> e : counts.entrySet()) {
            n += e.getKey() == ClientHistory.Verdict.ALLOWED ? 0 : e.getValue();
        }
        return n;
    }

    private static String name(long writeId) {
        if (writeId == SectorPattern.NEVER_WRITTEN) {
            return "zeroes (never written)";
        }
        return writeId == SectorPattern.INVENTED ? "bytes no write produced" : "write " + writeId;
    }
}
