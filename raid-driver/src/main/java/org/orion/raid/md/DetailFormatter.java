package org.orion.raid.md;

import java.time.ZoneId;
import java.util.List;

/**
 * {@code mdadm --detail} for a running array, laid out as mdadm 4.2 prints it (md-format.md §6.3:
 * labels right-aligned so " : " sits at column 19, the {@code State} line ends with a space, the
 * device table with mdadm's column widths), and the {@code --detail --brief} config line.
 * Major and minor numbers are 0 for members that are files or simulated disks.
 */
public final class DetailFormatter {
    /**
     * What {@code --detail} shows.
     *
     * @param sb             the freshest superblock (name, UUID, times, events, geometry)
     * @param arrayBytes     array size
     * @param state          mdadm's state words after "clean"/"active", e.g. {@code "clean, degraded"}
     * @param syncLabel      {@code "Resync"}, {@code "Rebuild"}, {@code "Check"} or null when idle
     * @param syncPercent    progress of that pass
     * @param rows           the device table, slots first (a {@code removed} row for each empty slot), then others
     * @param totalDevices   devices attached (members + spares)
     * @param activeDevices  in-sync members
     * @param failedDevices  faulty members still attached
     * @param spareDevices   spares
     */
    public record View(Superblock1 sb, long arrayBytes, String state, String syncLabel, int syncPercent, List<Row> rows,
                       int totalDevices, int activeDevices, int failedDevices, int spareDevices) {
        public View {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One line of the device table.
     *
     * @param number     dev_number, or -1 for an empty slot
     * @param raidDevice slot, or -1 for a spare or faulty device outside the slots
     * @param state      {@code "active sync"}, {@code "spare"}, {@code "faulty"}, {@code "removed"}, {@code "spare rebuilding"}
     * @param device     the device name, empty for an empty slot
     */
    public record Row(int number, int raidDevice, String state, String device) {
    }

    private DetailFormatter() {
    }

    public static String detail(String header, View v, String localHost, ZoneId zone) {
        Superblock1 sb = v.sb();
        StringBuilder out = new StringBuilder(header).append(":\n");
        line(out, "Version", sb.version().label());
        line(out, "Creation Time", MdadmText.ctime(sb.ctime().seconds(), zone));
        String level = MdadmText.levelName(sb.level());
        line(out, "Raid Level", level == null ? "-unknown-" : level);
        line(out, "Array Size", (v.arrayBytes() >> 10) + MdadmText.humanSize(v.arrayBytes()));
        if (sb.level() >= 1) {
            long used = sb.sizeSectors() << 9;
            line(out, "Used Dev Size", (used >> 10) + MdadmText.humanSize(used));
        }
        line(out, "Raid Devices", Integer.toString(sb.raidDisks()));
        line(out, "Total Devices", Integer.toString(v.totalDevices()));
        line(out, "Persistence", "Superblock is persistent");
        out.append('\n');
        line(out, "Update Time", MdadmText.ctime(sb.utime().seconds(), zone));
        line(out, "State", v.state() + " ");
        line(out, "Active Devices", Integer.toString(v.activeDevices()));
        line(out, "Working Devices", Integer.toString(v.activeDevices() + v.spareDevices()));
        line(out, "Failed Devices", Integer.toString(v.failedDevices()));
        line(out, "Spare Devices", Integer.toString(v.spareDevices()));
        out.append('\n');
        String layout = layoutText(sb);
        if (layout != null) {
            line(out, "Layout", layout);
        }
        if (sb.level() != 1 && sb.chunkSectors() > 0) {
            line(out, "Chunk Size", (sb.chunkSectors() / 2) + "K");
        }
        out.append('\n');
        line(out, "Consistency Policy", sb.level() == 0 ? "none" : "resync");
        out.append('\n');
        if (v.syncLabel() != null) {
            line(out, String.format("%7s Status", v.syncLabel()), v.syncPercent() + "% complete");
            out.append('\n');
        }
        boolean local = localHost != null && sb.name().startsWith(localHost + ":");
        line(out, "Name", sb.name() + (local ? "  (local to host " + localHost + ")" : ""));
        line(out, "UUID", sb.setUuid().toString());
        line(out, "Events", Long.toUnsignedString(sb.events()));
        out.append('\n');
        out.append("    Number   Major   Minor   RaidDevice State\n");
        boolean separated = false;
        for (Row row : v.rows()) {
            if (row.raidDevice() < 0 && !separated) {
                out.append('\n');
                separated = true;
            }
            out.append(row.number() < 0 ? "       -" : String.format("   %5d", row.number()))
                    .append(String.format("   %5d    %5d    ", 0, 0))
                    .append(row.raidDevice() < 0 ? "    -" : String.format("%5d", row.raidDevice()))
                    .append("      ").append(row.state());
            if (!row.device().isEmpty()) {
                out.append("   ").append(row.device());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code ARRAY /dev/md/<name> metadata=1.2 [spares=N] name=... UUID=...}, usable as a config line. */
    public static String brief(Superblock1 sb, int spares) {
        StringBuilder out = new StringBuilder("ARRAY /dev/md/").append(MdadmText.escape(sb.shortName()))
                .append(" metadata=").append(sb.version().label());
        if (spares > 0) {
            out.append(" spares=").append(spares);
        }
        return out.append(" name=").append(MdadmText.escape(sb.name())).append(" UUID=").append(sb.setUuid())
                .append('\n').toString();
    }

    private static String layoutText(Superblock1 sb) {
        switch (sb.level()) {
            case 4:
            case 5:
            case 6:
                return MdadmText.parityLayoutName(sb.level(), sb.layout());
            case 10:
                return MdadmText.raid10Layout(sb.layout());
            case 0:
                return sb.layout() != 0 ? MdadmText.raid0LayoutName(sb.layout()) : null;
            default:
                return null;
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%18s : %s%n", label, value));
    }
}
