package org.orion.raid.assembly;

import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.md.BadBlockLog;
import org.orion.raid.md.BadBlockLogArea;
import org.orion.raid.md.FeatureMap;
import org.orion.raid.md.Superblock1;

/**
 * Keeps the members' bad-block logs (md-format.md §1.9) in step with the ranges the array knows
 * are bad, in the order that makes a crash at any point safe:
 * <ul>
 *   <li>a rebuild's checkpoint never moves recovery_offset past a range it could not rebuild
 *       unless that range is already durable in the target's log (otherwise the checkpoint stops
 *       short of it);</li>
 *   <li>a rebuild that lost ranges writes them into the new member's log before the superblock
 *       calls the member in sync, with {@link FeatureMap#BAD_BLOCKS}; when the member has no log
 *       area or the ranges do not fit, it stays recorded as recovering from the start instead;</li>
 *   <li>assembly reads each member's log, and a damaged one stops the assembly with the
 *       decoder's error (what is wrong and how to clear it).</li>
 * </ul>
 * A healed range (a write covered it) leaves the log only after the new data was flushed; see
 * {@link MdArray}. Conductor thread (or the assembling thread for {@link #withLogRead}).
 */
final class MemberBadBlocks {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemberBadBlocks.class);

    private final String arrayName;
    /** Lost ranges of the running rebuild already durable in its target's log (data-area bytes). */
    private List<long[]> durableLost = List.of();

    MemberBadBlocks(String arrayName) {
        this.arrayName = arrayName;
    }

    /**
     * {@code slot} with the data-area ranges its bad-block log records (none unless the superblock
     * says {@link FeatureMap#BAD_BLOCKS}). Throws {@code CORRUPT} for a damaged log.
     */
    static AssemblyPlan.Slot withLogRead(AssemblyPlan.Slot slot) {
        BadBlockLog log = BadBlockLogArea.read(slot.device(), slot.superblock());
        return log.isEmpty() ? slot : new AssemblyPlan.Slot(slot.device(), slot.superblock(),
                BadBlockLogArea.dataRanges(log, slot.superblock()));
    }

    /** Per slot of {@code plan}, its recorded bad ranges (an empty list where none or missing). */
    static List<List<long[]>> bySlot(AssemblyPlan plan) {
        List<List<long[]>> out = new ArrayList<>();
        for (AssemblyPlan.Slot slot : plan.slots()) {
            out.add(slot == null ? List.of() : slot.badRanges());
        }
        return out;
    }

    /**
     * The recorded ranges of a rebuild target that lie below {@code resumeBytes}, where its rebuild
     * resumes: an earlier run passed them without rebuilding them. Ranges above are rebuilt again.
     */
    static List<long[]> lostBelow(AssemblyPlan.Slot target, long resumeBytes) {
        List<long[]> out = new ArrayList<>();
        for (long[] range : target.badRanges()) {
            if (range[0] < resumeBytes) {
                out.add(new long[] {range[0], Math.min(range[1], resumeBytes)});
            }
        }
        return out;
    }

    /** A rebuild starts; {@code seeded} are the lost ranges its target's log already holds. */
    void rebuildStarted(List<long[]> seeded) {
        durableLost = List.copyOf(seeded);
    }

    /**
     * The target's superblock for a checkpoint at {@code offsetSectors}, with {@code lost} the
     * ranges the rebuild could not reconstruct so far. Ranges below the checkpoint that the log
     * does not hold yet are written into it first (FUA); if that is impossible the checkpoint stops
     * at the first of them, so a restart rebuilds from there and finds it again.
     */
    Superblock1 checkpoint(BlockDevice target, Superblock1 recovering, long offsetSectors, List<long[]> lost) {
        long offsetBytes = offsetSectors * 512;
        long firstPendingBytes = Long.MAX_VALUE;
        for (long[] range : lost) {
            if (range[0] < offsetBytes && !covered(range, durableLost)) {
                firstPendingBytes = Math.min(firstPendingBytes, range[0]);
            }
        }
        if (firstPendingBytes == Long.MAX_VALUE) {
            return recovering.withRecoveryOffset(offsetSectors);
        }
        String problem = record(target, recovering, lost);
        if (problem == null) {
            durableLost = List.copyOf(lost);
            return recovering.withFeatureMap(recovering.featureMap() | FeatureMap.BAD_BLOCKS)
                    .withRecoveryOffset(offsetSectors);
        }
        long cappedSectors = firstPendingBytes / 512;
        LOG.warn("{}: rebuild checkpoint of {} held at sector {} instead of {}: {}", arrayName, target.info().name(),
                cappedSectors, offsetSectors, problem);
        return recovering.withRecoveryOffset(Math.min(offsetSectors, cappedSectors));
    }

    /**
     * The superblock calling {@code member} in sync with {@code badRanges} as its bad blocks: the
     * ranges are written into its log first (FUA) and {@link FeatureMap#BAD_BLOCKS} is set, or
     * cleared when there are none. Null when the log cannot hold them (no log area, too many
     * ranges, the write failed): the caller must not call the member in sync; the reason is logged.
     */
    Superblock1 inSync(BlockDevice member, Superblock1 inSync, List<long[]> badRanges) {
        if (badRanges.isEmpty()) {
            return inSync.withFeatureMap(inSync.featureMap() & ~FeatureMap.BAD_BLOCKS);
        }
        String problem = record(member, inSync, badRanges);
        if (problem != null) {
            LOG.warn("{}: {} cannot be recorded in sync with {} bad range(s): {}", arrayName, member.info().name(),
                    badRanges.size(), problem);
            return null;
        }
        LOG.info("{}: {} bad range(s) of {} recorded in its bad-block log", arrayName, badRanges.size(),
                member.info().name());
        return inSync.withFeatureMap(inSync.featureMap() | FeatureMap.BAD_BLOCKS);
    }

    /**
     * The superblock for {@code member}, in sync in memory, once writes shrank its bad ranges to
     * {@code remaining}. Its data is flushed first: a range must not leave the log before the data
     * that healed it is durable, or a power cut would bring back the stale bytes as good. Then the
     * log is rewritten, or {@link FeatureMap#BAD_BLOCKS} cleared when nothing is left. A member
     * still recorded as recovering from the start (its ranges did not fit a log) becomes in sync
     * once they fit. Null if its data or its log cannot be made durable (the caller fails it).
     */
    Superblock1 healed(BlockDevice member, Superblock1 sb, List<long[]> remaining) {
        IoStatus flushed = SyncIo.flush(member);
        if (flushed != IoStatus.OK) {
            LOG.warn("{}: flushing {} before rewriting its bad-block log failed with {}", arrayName,
                    member.info().name(), flushed);
            return null;
        }
        boolean recovering = sb.hasFeature(FeatureMap.RECOVERY_OFFSET);
        Superblock1 next = inSync(member, recovering ? sb.withRecoveryComplete() : sb, remaining);
        if (next == null && recovering) {
            return sb;
        }
        return next;
    }

    /** Writes {@code ranges} into the member's log; null on success, else why not. */
    private static String record(BlockDevice member, Superblock1 sb, List<long[]> ranges) {
        if (!BadBlockLogArea.usable(sb)) {
            return "it has no bad-block log area (bblog_offset " + sb.bblogOffsetSectors() + ", bblog_size "
                    + sb.bblogSizeSectors() + "; created with mdadm's bbl=no?)";
        }
        try {
            BadBlockLogArea.write(member, sb, BadBlockLogArea.fromDataRanges(ranges, sb));
            return null;
        } catch (OrionException e) {
            return e.getMessage();
        }
    }

    private static boolean covered(long[] range, List<long[]> by) {
        for (long[] r : by) {
            if (r[0] <= range[0] && range[1] <= r[1]) {
                return true;
            }
        }
        return false;
    }
}
