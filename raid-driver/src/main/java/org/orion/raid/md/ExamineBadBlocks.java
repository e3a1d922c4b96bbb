package org.orion.raid.md;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;

/**
 * {@code mdadm --examine-badblocks}: the entries of a member's bad-block log, one line each, in
 * mdadm 4.2's words ({@code examine_badblocks_super1}):
 * <pre>
 * Bad-blocks on /dev/sdb:
 *                24576 for 128 sectors
 * </pre>
 * ("Bad-blocks list is empty in DEV" when the log records nothing). Unlike mdadm, which prints
 * "No bad-blocks list configured on DEV" and succeeds, a member without a log area is an error
 * here, as is a damaged log: both say what is wrong in one line. Reads only.
 */
public final class ExamineBadBlocks {
    /** mdadm ignores a log area larger than this many sectors ("no bad-blocks list configured"). */
    private static final int MDADM_MAX_SECTORS = 100;

    private ExamineBadBlocks() {
    }

    /**
     * A member's recorded bad blocks: the on-disk entries (empty when none are recorded), or the
     * reason they cannot be listed (a damaged log).
     */
    public record Listing(List<BadBlockLog.Range> entries, String problem) {
        public Listing {
            entries = List.copyOf(entries);
        }

        /** For {@code --examine --json}: the entries as sector/sector-count pairs, or the problem. */
        public Map<String, Object> json() {
            List<Object> list = new ArrayList<>();
            for (BadBlockLog.Range e : entries) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("sector", e.startSector());
                entry.put("sectors", e.lengthSectors());
                list.add(entry);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("entries", problem == null ? list : null);
            out.put("problem", problem);
            return out;
        }
    }

    /** True if {@code sb} names a log area mdadm would list. */
    public static boolean configured(Superblock1 sb) {
        return sb.bblogSizeSectors() != 0 && sb.bblogSizeSectors() <= MDADM_MAX_SECTORS && sb.bblogOffsetSectors() != 0;
    }

    /** The entries of {@code device}'s log (none unless {@link FeatureMap#BAD_BLOCKS}); null if it has no log. */
    public static Listing read(BlockDevice device, Superblock1 sb) {
        if (!configured(sb)) {
            return null;
        }
        if (!sb.hasFeature(FeatureMap.BAD_BLOCKS)) {
            return new Listing(List.of(), null);
        }
        byte[] area = BadBlockLogArea.readArea(device, sb);
        try {
            BadBlockLog.decode(area, sb.bblogShift(), device.info().name());
        } catch (OrionException damaged) {
            return new Listing(List.of(), damaged.getMessage());
        }
        return new Listing(BadBlockLog.rawEntries(area, sb.bblogShift()), null);
    }

    /**
     * The text {@code mdadm --examine-badblocks DEV} prints. Throws {@code NOT_FOUND} when the
     * member has no log area and {@code CORRUPT} when its log is damaged.
     */
    public static String text(BlockDevice device, Superblock1 sb) {
        String name = device.info().name();
        Listing listing = read(device, sb);
        if (listing == null) {
            throw new OrionException(ErrorCode.NOT_FOUND, name + " has no bad-block log (bblog_offset "
                    + sb.bblogOffsetSectors() + ", bblog_size " + sb.bblogSizeSectors()
                    + "): md records no bad blocks on it, so there is nothing to list");
        }
        if (listing.problem() != null) {
            throw new OrionException(ErrorCode.CORRUPT, listing.problem());
        }
        if (!sb.hasFeature(FeatureMap.BAD_BLOCKS)) {
            return "Bad-blocks list is empty in " + name + "\n";
        }
        StringBuilder out = new StringBuilder("Bad-blocks on ").append(name).append(":\n");
        for (BadBlockLog.Range e : listing.entries()) {
            out.append(String.format("%20d for %d sectors", e.startSector(), e.lengthSectors())).append('\n');
        }
        return out.toString();
    }
}
