package org.orion.harness;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.array.SyncStatus;

/**
 * A {@code /proc/mdstat}-shaped view of the running arrays (md-format.md §6.5), so habits and
 * scripts that read mdstat keep working. Everything comes from the arrays' own status, not from the
 * configuration, so spares added with --add or moved in from the pool show too. Members are shown
 * with their slot in brackets ({@code (F)} when faulty); then the device a rebuild is writing and the
 * idle spares ({@code (S)}), numbered after the slots as md numbers devices that joined later.
 */
public final class Mdstat {
    private static final Map<String, Integer> ALGORITHMS = Map.ofEntries(
            Map.entry("left-asymmetric", 0), Map.entry("right-asymmetric", 1), Map.entry("left-symmetric", 2),
            Map.entry("right-symmetric", 3), Map.entry("parity-first", 4), Map.entry("parity-last", 5),
            Map.entry("ddf-zero-restart", 8), Map.entry("ddf-N-restart", 9), Map.entry("ddf-N-continue", 10),
            Map.entry("left-asymmetric-6", 16), Map.entry("right-asymmetric-6", 17), Map.entry("left-symmetric-6", 18),
            Map.entry("right-symmetric-6", 19), Map.entry("parity-first-6", 20));

    private Mdstat() {
    }

    /** One running array: its status and pass. */
    public record Entry(ArrayStatus status, SyncStatus sync) {
    }

    /** The view, with no unused devices. */
    public static String render(List<Entry> arrays) {
        return render(arrays, List.of());
    }

    /** @param unused devices that serve no array yet (the free disks of the spare pool) */
    public static String render(List<Entry> arrays, List<String> unused) {
        StringBuilder out = new StringBuilder("Personalities : [raid0] [raid1] [raid10] [raid6] [raid5] [raid4] \n");
        for (Entry e : arrays) {
            ArrayStatus s = e.status();
            out.append(s.name()).append(" : active ").append(s.levelName());
            List<MemberStatus> members = s.members();
            for (int i = members.size() - 1; i >= 0; i--) {
                MemberStatus m = members.get(i);
                if (!m.state().equals("missing")) {
                    out.append(' ').append(m.name()).append('[').append(m.slot()).append(']')
                            .append(m.state().equals("faulty") ? "(F)" : "");
                }
            }
            int number = members.size();
            for (MemberStatus target : s.rebuilding()) {
                out.append(' ').append(target.name()).append('[').append(number++).append(']');
            }
            for (String spare : s.spares()) {
                out.append(' ').append(spare).append('[').append(number++).append("](S)");
            }
            out.append('\n');
            out.append("      ").append(s.arrayBytes() / 1024).append(" blocks super 1.2").append(personality(s))
                    .append('\n');
            SyncStatus sync = e.sync();
            if (sync.isRunning() && sync.totalBytes() > 0) {
                long permille = sync.doneBytes() * 1000 / sync.totalBytes();
                int x = (int) (permille / 50);
                out.append("      [").append("=".repeat(x)).append('>').append(".".repeat(20 - x)).append("]  ")
                        .append(sync.action().equals("repair") ? "resync" : sync.action())
                        .append(String.format(Locale.ROOT, " =%3d.%d%% (%d/%d)", permille / 10, permille % 10,
                                sync.doneBytes() / 1024, sync.totalBytes() / 1024))
                        .append('\n');
            }
            out.append("      \n");
        }
        out.append("unused devices: ").append(unused.isEmpty() ? "<none>" : String.join(" ", unused)).append('\n');
        return out.toString();
    }

    private static String personality(ArrayStatus s) {
        int n = s.members().size();
        long working = s.members().stream().filter(m -> m.state().equals("in_sync")).count();
        StringBuilder pattern = new StringBuilder(" [").append(n).append('/').append(working).append("] [");
        for (MemberStatus m : s.members()) {
            pattern.append(m.state().equals("in_sync") ? 'U' : '_');
        }
        pattern.append(']');
        String chunk = (s.chunkBytes() / 1024) + "k";
        switch (s.levelName()) {
            case "raid0":
                return " " + chunk + " chunks";
            case "raid1":
                return pattern.toString();
            case "raid10":
                return " " + chunk + " chunks " + raid10Copies(s.layoutName()) + pattern;
            default:
                int level = Integer.parseInt(s.levelName().substring(4));
                return " level " + level + ", " + chunk + " chunk, algorithm "
                        + ALGORITHMS.getOrDefault(s.layoutName(), level == 4 ? 5 : 2) + pattern;
        }
    }

    /** "near=2" -> "2 near-copies" (md's wording). */
    private static String raid10Copies(String layoutName) {
        StringBuilder out = new StringBuilder();
        for (String part : layoutName.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length == 2) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(kv[1]).append(' ').append(kv[0]).append("-copies");
            }
        }
        return out.toString();
    }
}
