package org.orion.harness.event;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One event as one line of JSON, schema {@value #SCHEMA}:
 * <pre>
 * {"schema":"orion.event/1", "time":"2024-05-01T12:00:03.123Z" (UTC, when the kernel saw it),
 *  "kind":"Fail" (mdadm's name where mdadm has one), "severity":"info|warning|critical",
 *  "subject":"md0" (the array, or the device for device events), "component":"sata0/d1" or null,
 *  "description":"...", "message":"Fail event detected on md device md0, component device ...",
 *  "fields":{ the event record's own values, e.g. "member", "cause", "ranges":[[start,end],...] }}
 * </pre>
 * Written here without indentation so one event is exactly one line; nothing else in it may
 * contain a raw newline (strings are escaped).
 */
final class EventJson {
    static final String SCHEMA = "orion.event/1";

    private EventJson() {
    }

    static String line(PublishedEvent e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("time", e.time().toString());
        doc.put("kind", e.event().kind());
        doc.put("severity", e.event().severity().name().toLowerCase(Locale.ROOT));
        doc.put("subject", e.event().subject());
        doc.put("component", e.component().orElse(null));
        doc.put("description", e.event().describe());
        doc.put("message", e.message());
        doc.put("fields", EventFacts.fields(e.event()));
        StringBuilder out = new StringBuilder(256);
        write(doc, out);
        return out.toString();
    }

    static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            quote((String) value, out);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? value.toString() : "null");
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = ((Map<?, ?>) value).entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> entry = it.next();
                quote(String.valueOf(entry.getKey()), out);
                out.append(':');
                write(entry.getValue(), out);
                if (it.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (value instanceof List) {
            out.append('[');
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            quote(value.toString(), out);
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
