package org.orion.raid.md;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts of {@code --examine} as a versioned JSON document, {@code "schema": "orion.examine/1"}.
 * Same facts as the text, in stable machine form: sizes in sectors or KiB with the unit in the
 * key, times as ISO-8601 UTC, names decoded as UTF-8, absent things as {@code null}. Adding fields
 * keeps the schema version; renaming or removing one bumps it.
 */
public final class ExamineJson {
    public static final String SCHEMA = "orion.examine/1";

    private ExamineJson() {
    }

    /** The document as JSON text, ending in a newline. */
    public static String toJson(ExaminedMember member, String localHost) {
        return JsonText.write(document(member, localHost));
    }

    /** The document as ordered maps and lists, for embedding in a larger document. */
    public static Map<String, Object> document(ExaminedMember member, String localHost) {
        Superblock1 sb = member.superblock();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("device", member.device());
        doc.put("deviceSectors", member.deviceSectors());
        doc.put("metadata", metadata(sb));
        doc.put("array", array(sb, localHost));
        doc.put("member", member(member));
        doc.put("events", unsigned(sb.events()));
        doc.put("updateTime", sb.utime().toInstant().toString());
        doc.put("checksum", checksum(member));
        doc.put("badBlockLog", badBlockLog(member));
        doc.put("bitmap", sb.hasFeature(FeatureMap.BITMAP_OFFSET)
                ? Map.of("offsetSectors", sb.bitmapOffsetSectors()) : null);
        doc.put("ppl", !sb.hasFeature(FeatureMap.BITMAP_OFFSET) && FeatureMap.anyPpl(sb.featureMap())
                ? ordered("offsetSectors", sb.pplOffsetSectors(), "sizeSectors", sb.pplSizeSectors()) : null);
        doc.put("reshape", reshape(sb));
        doc.put("arrayState", ArrayStateText.slots(sb));
        doc.put("devRoles", roles(sb));
        return doc;
    }

    private static Map<String, Object> metadata(Superblock1 sb) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("version", sb.version().label());
        metadata.put("superOffsetSectors", sb.superOffsetSectors());
        metadata.put("featureMap", sb.featureMap());
        metadata.put("features", FeatureMap.names(sb.featureMap()));
        metadata.put("maxDev", sb.maxDev());
        return metadata;
    }

    private static Map<String, Object> array(Superblock1 sb, String localHost) {
        Map<String, Object> array = new LinkedHashMap<>();
        array.put("uuid", sb.setUuid().toString());
        String name = utf8(sb.name());
        int colon = name.indexOf(':');
        array.put("name", name);
        array.put("homehost", colon < 0 ? null : name.substring(0, colon));
        array.put("localToHost", ExamineFormatter.isLocal(sb, localHost));
        array.put("creationTime", sb.ctime().toInstant().toString());
        array.put("level", sb.level());
        array.put("levelName", MdadmText.levelName(sb.level()));
        array.put("layout", sb.layout());
        array.put("layoutName", layoutName(sb.level(), sb.layout(), sb.featureMap()));
        array.put("chunkKiB", Integer.toUnsignedLong(sb.chunkSectors()) / 2);
        array.put("raidDevices", sb.raidDisks());
        long arrayBytes = ExamineFormatter.arraySizeBytes(sb);
        array.put("arraySizeKiB", sb.level() != 0 && arrayBytes >= 0 ? arrayBytes >> 10 : null);
        array.put("state", sb.isClean() ? "clean" : "active");
        array.put("resyncOffsetSectors", sb.isClean() ? null : sb.resyncOffsetSectors());
        return array;
    }

    private static Map<String, Object> member(ExaminedMember member) {
        Superblock1 sb = member.superblock();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceUuid", sb.deviceUuid().toString());
        out.put("devNumber", sb.devNumber());
        out.put("role", role(sb));
        out.put("dataOffsetSectors", unsigned(sb.dataOffsetSectors()));
        out.put("newDataOffsetSectors", sb.hasFeature(FeatureMap.NEW_OFFSET)
                ? sb.dataOffsetSectors() + sb.newOffsetSectors() : null);
        out.put("availDevSizeSectors", unsigned(sb.dataSizeSectors()));
        out.put("usedDevSizeSectors", unsigned(sb.sizeSectors()));
        UnusedSpace space = member.unusedSpace();
        out.put("unusedSpace", ordered("beforeSectors", unsigned(space.beforeSectors()),
                "afterSectors", unsigned(space.afterSectors())));
        out.put("recoveryOffsetSectors", sb.hasFeature(FeatureMap.RECOVERY_OFFSET)
                ? unsigned(sb.recoveryOffsetSectors()) : null);
        List<String> flags = new ArrayList<>();
        if ((sb.devFlags() & Superblock1.WRITE_MOSTLY) != 0) {
            flags.add("write-mostly");
        }
        if ((sb.devFlags() & Superblock1.FAILFAST) != 0) {
            flags.add("failfast");
        }
        out.put("flags", flags);
        out.put("correctedReadErrors", Integer.toUnsignedLong(sb.cntCorrectedRead()));
        return out;
    }

    private static Map<String, Object> role(Superblock1 sb) {
        int role = sb.role();
        String kind;
        if (role >= DevRoles.FAULTY) {
            kind = role == DevRoles.FAULTY ? "faulty" : "spare";
        } else if (role == DevRoles.JOURNAL) {
            kind = "journal";
        } else {
            kind = sb.hasFeature(FeatureMap.REPLACEMENT) ? "replacement" : "active";
        }
        return ordered("kind", kind, "slot", DevRoles.isSlot(role) ? role : null);
    }

    private static Map<String, Object> checksum(ExaminedMember member) {
        return ordered("stored", String.format("%08x", member.superblock().checksum()),
                "expected", String.format("%08x", member.expectedChecksum()), "correct", member.checksumCorrect());
    }

    /**
     * The log's placement; with its content when it was read: {@code "recorded"} holds the entries
     * ({@code sector}, {@code sectors}, as {@code --examine-badblocks} lists them) or the
     * {@code problem} that stopped them being read.
     */
    private static Map<String, Object> badBlockLog(ExaminedMember member) {
        Superblock1 sb = member.superblock();
        if (sb.bblogSizeSectors() == 0 || sb.bblogOffsetSectors() == 0) {
            return null;
        }
        Map<String, Object> log = ordered("entries", sb.bblogSizeSectors() * 512 / 8, "offsetSectors",
                sb.bblogOffsetSectors(), "sizeSectors", sb.bblogSizeSectors(), "badBlocksPresent",
                sb.hasFeature(FeatureMap.BAD_BLOCKS));
        if (member.badBlocks() != null) {
            log.put("recorded", member.badBlocks().json());
        }
        return log;
    }

    private static Map<String, Object> reshape(Superblock1 sb) {
        if (!sb.hasFeature(FeatureMap.RESHAPE_ACTIVE)) {
            return null;
        }
        Map<String, Object> reshape = new LinkedHashMap<>();
        reshape.put("positionSectors", unsigned(sb.reshapePositionSectors()));
        reshape.put("deltaDisks", sb.deltaDisks());
        reshape.put("previousRaidDevices", sb.previousRaidDisks());
        reshape.put("newLevel", sb.newLevel());
        reshape.put("newLayout", sb.newLayout());
        reshape.put("newLayoutName", layoutName(sb.newLevel(), sb.newLayout(), sb.featureMap()));
        reshape.put("newChunkKiB", Integer.toUnsignedLong(sb.newChunkSectors()) / 2);
        reshape.put("backwards", sb.hasFeature(FeatureMap.RESHAPE_BACKWARDS));
        return reshape;
    }

    /** Roles by device number up to the last one in use: slot numbers, or "spare", "faulty", "journal". */
    private static List<Object> roles(Superblock1 sb) {
        int[] roles = sb.devRoles().toArray();
        int last = roles.length;
        while (last > 0 && roles[last - 1] == DevRoles.SPARE) {
            last--;
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < last; i++) {
            int role = roles[i];
            out.add(role == DevRoles.SPARE ? "spare" : role == DevRoles.FAULTY ? "faulty"
                    : role == DevRoles.JOURNAL ? "journal" : (Object) role);
        }
        return out;
    }

    private static String layoutName(int level, int layout, int featureMap) {
        if (level == 0) {
            return (featureMap & FeatureMap.RAID0_LAYOUT) != 0 ? MdadmText.raid0LayoutName(layout) : null;
        }
        if (level == 10) {
            return MdadmText.raid10Layout(layout).trim();
        }
        return level == 5 || level == 6 ? MdadmText.parityLayoutName(level, layout) : null;
    }

    private static Object unsigned(long value) {
        return value >= 0 ? (Object) value : new BigInteger(Long.toUnsignedString(value));
    }

    private static String utf8(String bytesAsChars) {
        return new String(bytesAsChars.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
