package org.orion.harness.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.array.SyncStatus;

/**
 * The {@code orion.detail/1} document: the facts of {@code --detail} as JSON, built from the
 * array's {@link ArrayStatus} and {@link SyncStatus} (keys in camelCase, as in
 * {@code orion.examine/1}). Fields are only ever added within a schema version:
 *
 * <pre>
 * { "schema": "orion.detail/1", "name", "uuid", "level", "layout" (null if none), "chunkBytes",
 *   "arrayBytes", "memberDataBytes", "state" (clean|degraded|failed), "raidDevices",
 *   "activeDevices", "members": [{"slot", "device" (null if missing), "state" (in_sync|faulty|missing)}],
 *   "sync": {"action", "doneBytes", "totalBytes", "mismatchBytes", "mismatchRanges": [[start, end]]},
 *   "readErrorsCorrected", "reconstructions", "notes": [...] }
 * </pre>
 */
final class DetailJson {
    static final String SCHEMA = "orion.detail/1";
    private static final Pattern UUID = Pattern.compile("UUID=(\\S+)");

    private DetailJson() {
    }

    static String of(ArrayDevice array) {
        ArrayStatus status = array.status();
        SyncStatus sync = array.sync();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("name", status.name());
        // The brief line is the driver's config line; its UUID= field is the array UUID in mdadm's form.
        Matcher uuid = UUID.matcher(array.detail("brief"));
        doc.put("uuid", uuid.find() ? uuid.group(1) : null);
        doc.put("level", status.levelName());
        doc.put("layout", status.layoutName().isEmpty() ? null : status.layoutName());
        doc.put("chunkBytes", status.chunkBytes());
        doc.put("arrayBytes", status.arrayBytes());
        doc.put("memberDataBytes", status.memberDataBytes());
        doc.put("state", status.state());
        doc.put("raidDevices", status.members().size());
        doc.put("activeDevices", status.members().size() - status.missingCount());
        List<Object> members = new ArrayList<>();
        for (MemberStatus m : status.members()) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("slot", m.slot());
            member.put("device", m.state().equals("missing") ? null : m.name());
            member.put("state", m.state());
            members.add(member);
        }
        doc.put("members", members);
        doc.put("sync", sync(sync));
        doc.put("readErrorsCorrected", status.readErrorsCorrected());
        doc.put("reconstructions", status.reconstructions());
        doc.put("notes", new ArrayList<Object>(status.notes()));
        return Json.write(doc);
    }

    static Map<String, Object> sync(SyncStatus sync) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", sync.action());
        out.put("doneBytes", sync.doneBytes());
        out.put("totalBytes", sync.totalBytes());
        out.put("mismatchBytes", sync.mismatchBytes());
        List<Object> ranges = new ArrayList<>();
        for (long[] range : sync.mismatchRanges()) {
            ranges.add(List.of(range[0], range[1]));
        }
        out.put("mismatchRanges", ranges);
        return out;
    }
}
