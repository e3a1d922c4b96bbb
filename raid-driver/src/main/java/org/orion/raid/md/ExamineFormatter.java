package org.orion.raid.md;

import java.time.ZoneId;

/**
 * {@code mdadm --examine} for a 1.x member, character for character as mdadm 4.2 prints it
 * ({@code examine_super1}; md-format.md §6.4), and the {@code --examine --brief} line.
 *
 * <p>Dates are printed with {@code ctime(3)} in {@code zone} (mdadm uses the local zone). The
 * {@code (local to host X)} suffix appears when the name starts with {@code localHost:}. Not
 * reproduced: the "Cluster Name" line of clustered arrays, which needs the bitmap superblock.
 *
 * <p>Like {@link Superblock1#setName()}, the text holds one char per byte of the array name; write
 * it as ISO-8859-1 to reproduce mdadm's bytes exactly (the rest is ASCII).
 */
public final class ExamineFormatter {
    private ExamineFormatter() {
    }

    /** The full report, starting with the {@code device:} header line, each line ending in a newline. */
    public static String examine(ExaminedMember member, String localHost, ZoneId zone) {
        Superblock1 sb = member.superblock();
        StringBuilder out = new StringBuilder();
        out.append(member.device()).append(":\n");
        identity(out, sb, localHost, zone);
        sizes(out, member);
        line(out, "State", sb.isClean() ? "clean" : "active");
        line(out, "Device UUID", sb.deviceUuid().toString());
        out.append('\n');
        bitmapAndReshape(out, sb);
        if (sb.devFlags() != 0) {
            out.append("          Flags :").append((sb.devFlags() & Superblock1.WRITE_MOSTLY) != 0 ? " write-mostly" : "")
                    .append((sb.devFlags() & Superblock1.FAILFAST) != 0 ? " failfast" : "").append('\n');
        }
        line(out, "Update Time", MdadmText.ctime(sb.utime().seconds(), zone));
        if (sb.bblogSizeSectors() != 0 && sb.bblogOffsetSectors() != 0) {
            out.append(label("Bad Block Log")).append(sb.bblogSizeSectors() * 512 / 8)
                    .append(" entries available at offset ").append(sb.bblogOffsetSectors()).append(" sectors")
                    .append(sb.hasFeature(FeatureMap.BAD_BLOCKS) ? " - bad blocks present." : "").append('\n');
        }
        line(out, "Checksum", Integer.toHexString(sb.checksum()) + (member.checksumCorrect() ? " - correct"
                : " - expected " + Integer.toHexString(member.expectedChecksum())));
        line(out, "Events", Long.toUnsignedString(sb.events()));
        out.append('\n');
        geometry(out, sb);
        out.append('\n');
        roleAndState(out, sb);
        return out.toString();
    }

    /**
     * The {@code --examine --brief} line: {@code ARRAY /dev/md/<name>  metadata=1.2 UUID=... name=...}
     * (two spaces after the name; {@code verbose} adds {@code level=} and {@code num-devices=} as
     * {@code -v} does).
     */
    public static String brief(Superblock1 sb, boolean verbose) {
        StringBuilder out = new StringBuilder("ARRAY ");
        String name = sb.name();
        if (!name.isEmpty()) {
            out.append("/dev/md/").append(MdadmText.escape(sb.shortName())).append(' ');
        }
        String level = MdadmText.levelName(sb.level());
        if (verbose && level != null) {
            out.append(" level=").append(level);
        }
        out.append(" metadata=").append(sb.version().label()).append(' ');
        if (verbose) {
            out.append("num-devices=").append(sb.raidDisks()).append(' ');
        }
        out.append("UUID=").append(sb.setUuid());
        if (!name.isEmpty()) {
            out.append(" name=").append(MdadmText.quoted(name));
        }
        return out.append('\n').toString();
    }

    /** True when mdadm would add {@code (local to host X)}: the name is {@code X:...}, compared as UTF-8 bytes. */
    static boolean isLocal(Superblock1 sb, String localHost) {
        String host = localHost == null ? "" : MdCreateRules.utf8Bytes(localHost);
        int length = host.length();
        String name = sb.setName();
        return length > 0 && length < 32 && name.length() > length && name.charAt(length) == ':'
                && name.startsWith(host);
    }

    /** Data disks and the divisor mdadm uses for "Array Size"; 0 data disks = no such line. */
    static long arraySizeBytes(Superblock1 sb) {
        long dataDisks;
        long denominator = 1;
        switch (sb.level()) {
            case 1:
                dataDisks = 1;
                break;
            case 4:
            case 5:
                dataDisks = sb.raidDisks() - 1;
                break;
            case 6:
                dataDisks = sb.raidDisks() - 2;
                break;
            case 10:
                dataDisks = sb.raidDisks();
                denominator = (long) (sb.layout() & 255) * ((sb.layout() >> 8) & 255);
                break;
            default:
                dataDisks = 0;
        }
        return dataDisks == 0 || denominator == 0 ? -1 : (sb.sizeSectors() << 9) * dataDisks / denominator;
    }

    private static void identity(StringBuilder out, Superblock1 sb, String localHost, ZoneId zone) {
        line(out, "Magic", "a92b4efc");
        line(out, "Version", sb.version().label());
        line(out, "Feature Map", "0x" + Integer.toHexString(sb.featureMap()));
        line(out, "Array UUID", sb.setUuid().toString());
        line(out, "Name", sb.name() + (isLocal(sb, localHost)
                ? "  (local to host " + MdCreateRules.utf8Bytes(localHost) + ")" : ""));
        line(out, "Creation Time", MdadmText.ctime(sb.ctime().seconds(), zone));
        String level = MdadmText.levelName(sb.level());
        line(out, "Raid Level", level == null ? "-unknown-" : level);
        line(out, "Raid Devices", Integer.toString(sb.raidDisks()));
        out.append('\n');
    }

    private static void sizes(StringBuilder out, ExaminedMember member) {
        Superblock1 sb = member.superblock();
        line(out, "Avail Dev Size", sectors(sb.dataSizeSectors()) + MdadmText.humanSize(sb.dataSizeSectors() << 9));
        // mdadm reads the level as unsigned here, so linear (-1) passes this test as well.
        if (sb.level() != 0) {
            long arrayBytes = arraySizeBytes(sb);
            if (arrayBytes >= 0) {
                line(out, "Array Size", (arrayBytes >> 10) + " KiB" + MdadmText.humanSize(arrayBytes));
            }
            if (sb.sizeSectors() != sb.dataSizeSectors()) {
                line(out, "Used Dev Size", sectors(sb.sizeSectors()) + MdadmText.humanSize(sb.sizeSectors() << 9));
            }
        }
        if (sb.dataOffsetSectors() != 0) {
            line(out, "Data Offset", sectors(sb.dataOffsetSectors()));
        }
        if (sb.newOffsetSectors() != 0 && sb.hasFeature(FeatureMap.NEW_OFFSET)) {
            line(out, "New Offset", sectors(sb.dataOffsetSectors() + sb.newOffsetSectors()));
        }
        line(out, "Super Offset", sectors(sb.superOffsetSectors()));
        if (sb.hasFeature(FeatureMap.RECOVERY_OFFSET)) {
            line(out, "Recovery Offset", sectors(sb.recoveryOffsetSectors()));
        }
        UnusedSpace space = member.unusedSpace();
        if (space.shownBy(sb)) {
            line(out, "Unused Space", "before=" + Long.toUnsignedString(space.beforeSectors()) + " sectors, after="
                    + Long.toUnsignedString(space.afterSectors()) + " sectors");
        }
    }

    /** Bitmap or PPL line and the reshape block. */
    private static void bitmapAndReshape(StringBuilder out, Superblock1 sb) {
        if (sb.hasFeature(FeatureMap.BITMAP_OFFSET)) {
            line(out, "Internal Bitmap", sb.bitmapOffsetSectors() + " sectors from superblock");
        } else if (FeatureMap.anyPpl(sb.featureMap())) {
            line(out, "PPL", Integer.toUnsignedString(sb.pplSizeSectors()) + " sectors at offset "
                    + (sb.bitmapOffsetSectors() & 0xffff) + " sectors from superblock");
        }
        if (!sb.hasFeature(FeatureMap.RESHAPE_ACTIVE)) {
            return;
        }
        line(out, "Reshape pos'n", Long.toUnsignedString(sb.reshapePositionSectors() >>> 1)
                + MdadmText.humanSize(sb.reshapePositionSectors() << 9));
        if (sb.deltaDisks() != 0) {
            line(out, "Delta Devices", sb.deltaDisks() + " (" + sb.previousRaidDisks() + "->" + sb.raidDisks() + ")");
        }
        if (sb.newLevel() != sb.level()) {
            String level = MdadmText.levelName(sb.newLevel());
            line(out, "New Level", level == null ? "-unknown-" : level);
        }
        if (sb.newLayout() != sb.layout()) {
            if (sb.level() == 5 || sb.level() == 6) {
                String layout = MdadmText.parityLayoutName(sb.level(), sb.newLayout());
                line(out, "New Layout", layout == null ? "-unknown-" : layout);
            } else if (sb.level() == 10) {
                out.append("     New Layout :").append(MdadmText.raid10Layout(sb.newLayout())).append('\n');
            }
        }
        if (sb.newChunkSectors() != sb.chunkSectors()) {
            line(out, "New Chunksize", Integer.toUnsignedLong(sb.newChunkSectors()) / 2 + "K");
        }
        out.append('\n');
    }

    private static void geometry(StringBuilder out, Superblock1 sb) {
        String layout = null;
        if (sb.level() == 0 && sb.hasFeature(FeatureMap.RAID0_LAYOUT)) {
            layout = MdadmText.raid0LayoutName(sb.layout());
            line(out, "Layout", layout == null ? "-unknown-" : layout);
        } else if (sb.level() == 5 || sb.level() == 6) {
            layout = MdadmText.parityLayoutName(sb.level(), sb.layout());
            line(out, "Layout", layout == null ? "-unknown-" : layout);
        } else if (sb.level() == 10) {
            out.append("         Layout :").append(MdadmText.raid10Layout(sb.layout())).append('\n');
        }
        switch (sb.level()) {
            case 0: case 4: case 5: case 6: case 10:
                line(out, "Chunk Size", Integer.toUnsignedLong(sb.chunkSectors()) / 2 + "K");
                break;
            case -1:
                line(out, "Rounding", Integer.toUnsignedLong(sb.chunkSectors()) / 2 + "K");
                break;
            default:
                break;
        }
    }

    private static void roleAndState(StringBuilder out, Superblock1 sb) {
        int role = sb.role();
        String roleText;
        if (role >= DevRoles.FAULTY) {
            roleText = "spare";
        } else if (role == DevRoles.JOURNAL) {
            roleText = "Journal";
        } else if (sb.hasFeature(FeatureMap.REPLACEMENT)) {
            roleText = "Replacement device " + role;
        } else {
            roleText = "Active device " + role;
        }
        out.append("   Device Role : ").append(roleText).append('\n');
        out.append("   Array State : ").append(ArrayStateText.slots(sb))
                .append(" ('A' == active, '.' == missing, 'R' == replacing)\n");
        String warning = ArrayStateText.inconsistency(sb);
        if (warning != null) {
            out.append(warning);
        }
    }

    private static String sectors(long sectors) {
        return Long.toUnsignedString(sectors) + " sectors";
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(label(label)).append(value).append('\n');
    }

    /** Labels are right-aligned so " : " sits at columns 16..18. */
    private static String label(String label) {
        return String.format("%15s : ", label);
    }
}
