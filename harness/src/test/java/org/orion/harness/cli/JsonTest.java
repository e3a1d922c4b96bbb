package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void shouldWriteNestedMapsAndListsIndentedInInsertionOrder() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", "x/1");
        doc.put("n", 3L);
        doc.put("ok", true);
        doc.put("none", null);
        doc.put("list", List.of(1, "two"));
        doc.put("empty", List.of());
        assertEquals("{\n  \"schema\": \"x/1\",\n  \"n\": 3,\n  \"ok\": true,\n  \"none\": null,\n"
                + "  \"list\": [\n    1,\n    \"two\"\n  ],\n  \"empty\": []\n}\n", Json.write(doc));
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"\n", Json.write("a\"b\\c\nd\u0001"));
    }
}
