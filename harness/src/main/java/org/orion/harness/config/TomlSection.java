package org.orion.harness.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One table of the TOML file with typed, validating getters. Every problem becomes an
 * {@link OrionException} with {@link ErrorCode#CONFIG} and a one-line message of the form
 * {@code orion.toml:12: [raid] array_chunk_size = "500KB" is not a power of two (allowed: ...)}:
 * file, line, table, key, the value as written, what is wrong, and what is allowed. Keys are looked
 * up as single path elements, so a key is never split on dots. Public so that other TOML inputs of
 * the harness (scenario files) report problems the same way.
 */
public final class TomlSection {
    private static final TomlTable EMPTY = Toml.parse("");

    private final String fileName;
    private final TomlTable table;
    private final String label;
    private final TomlPosition headerPosition;
    private final Set<String> allowedKeys;

    /**
     * @param label          how messages name the table: {@code "[raid]"}, {@code "[[arrays]] md0:"}
     * @param headerPosition where the table starts, for problems with no key of their own; may be null
     */
    public TomlSection(String fileName, TomlTable table, String label, TomlPosition headerPosition, String... allowedKeys) {
        this.fileName = fileName;
        this.table = table;
        this.label = label;
        this.headerPosition = headerPosition;
        this.allowedKeys = new LinkedHashSet<>(Arrays.asList(allowedKeys));
    }

    public String label() {
        return label;
    }

    public TomlTable table() {
        return table;
    }

    /** A copy naming itself differently once the entry's name is known. */
    public TomlSection relabel(String newLabel) {
        return new TomlSection(fileName, table, newLabel, headerPosition, allowedKeys.toArray(String[]::new));
    }

    /** A nested table ({@code [name]}), or an empty one if absent. */
    public TomlSection section(String key, String sectionLabel, String... keys) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return new TomlSection(fileName, EMPTY, sectionLabel, null, keys);
        }
        if (!(value instanceof TomlTable)) {
            throw problem(key, "is not a table", "a [" + key + "] section");
        }
        return new TomlSection(fileName, (TomlTable) value, sectionLabel, table.inputPositionOf(List.of(key)), keys);
    }

    /** Fails on the first key (in file order) that is not allowed here. */
    public void rejectUnknownKeys() {
        Optional<String> unknown = table.keySet().stream()
                .filter(key -> !allowedKeys.contains(key))
                .min(Comparator.comparingInt(key -> lineOf(key)));
        if (unknown.isPresent()) {
            String key = unknown.get();
            String what = label.isEmpty() ? "unknown section or key '" : label + " unknown key '";
            throw failure(lineOf(key), what + key + "' (allowed: " + String.join(", ", allowedKeys) + ")");
        }
    }

    public boolean has(String key) {
        return table.get(List.of(key)) != null;
    }

    public Optional<String> string(String key) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String)) {
            throw problem(key, "is not a string", "a quoted string");
        }
        return Optional.of((String) value);
    }

    public String requiredString(String key, String allowed) {
        return string(key).orElseThrow(() -> missing(key, allowed));
    }

    /** A string from a closed set, looked up case-sensitively (the set's keys are what users write). */
    public <T> T choice(String key, Map<String, T> choices, String defaultName) {
        String allowed = choices.keySet().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        Optional<String> name = string(key);
        if (name.isEmpty() && defaultName == null) {
            throw missing(key, allowed);
        }
        String chosen = name.orElse(defaultName);
        T value = choices.get(chosen);
        if (value == null) {
            throw problem(key, "is not a known value", allowed);
        }
        return value;
    }

    public long integer(String key, long defaultValue, long min, long max) {
        return optionalInteger(key, min, max).orElse(defaultValue);
    }

    public Optional<Long> optionalInteger(String key, long min, long max) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Long)) {
            throw problem(key, "is not an integer", min + ".." + max);
        }
        long number = (Long) value;
        if (number < min || number > max) {
            throw problem(key, "is out of range", min + ".." + max);
        }
        return Optional.of(number);
    }

    public boolean bool(String key, boolean defaultValue) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return defaultValue;
        }
        if (!(value instanceof Boolean)) {
            throw problem(key, "is not a boolean", "true or false, without quotes");
        }
        return (Boolean) value;
    }

    /**
     * A size in bytes, written as a string with a unit or as a plain integer, within
     * {@code min..max}. A {@code null} default makes the key required.
     */
    public long size(String key, String defaultText, long min, long max) {
        Object value = table.get(List.of(key));
        String allowed = ByteSizes.exact(min) + ".." + ByteSizes.exact(max);
        long bytes;
        if (value == null) {
            if (defaultText == null) {
                throw missing(key, allowed + ", " + ByteSizes.SYNTAX);
            }
            bytes = ByteSizes.parse(defaultText);
        } else if (value instanceof Long) {
            bytes = (Long) value;
            if (bytes < 0) {
                throw problem(key, "is negative", allowed);
            }
        } else if (value instanceof String) {
            try {
                bytes = ByteSizes.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw problem(key, e.getMessage(), allowed + ", " + ByteSizes.SYNTAX);
            }
        } else {
            throw problem(key, "is not a size", ByteSizes.SYNTAX);
        }
        if (bytes < min || bytes > max) {
            throw problem(key, "is out of range", allowed);
        }
        return bytes;
    }

    /** A list of strings, empty if absent. */
    public List<String> stringList(String key, String allowed) {
        List<Object> items = list(key, allowed);
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String)) {
                throw problem(key, "must contain only strings", allowed);
            }
            out.add((String) item);
        }
        return out;
    }

    /** A list of integers, empty if absent. */
    public List<Long> integerList(String key, String allowed) {
        List<Object> items = list(key, allowed);
        List<Long> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Long)) {
                throw problem(key, "must contain only integers", allowed);
            }
            out.add((Long) item);
        }
        return out;
    }

    private List<Object> list(String key, String allowed) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof TomlArray)) {
            throw problem(key, "is not a list", allowed);
        }
        return ((TomlArray) value).toList();
    }

    /**
     * The entries of an array of tables ({@code [[key]]} or {@code key = [{...}]}), each labelled by
     * {@code labelOf(index)} until its name is known.
     */
    public List<TomlSection> tables(String key, Function<Integer, String> labelOf, String... entryKeys) {
        Object value = table.get(List.of(key));
        if (value == null) {
            return List.of();
        }
        // tomlj arrays are heterogeneous, so every element is checked.
        if (!(value instanceof TomlArray)
                || !((TomlArray) value).toList().stream().allMatch(item -> item instanceof TomlTable)) {
            throw problem(key, "is not an array of tables", "[[" + key + "]] entries");
        }
        TomlArray array = (TomlArray) value;
        List<TomlSection> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(new TomlSection(fileName, array.getTable(i), labelOf.apply(i), array.inputPositionOf(i), entryKeys));
        }
        return out;
    }

    /** A problem with the value of {@code key}: names the file, line, table, key, value and what is allowed. */
    public OrionException problem(String key, String what, String allowed) {
        return failure(lineOf(key), label + " " + key + " = " + shown(table.get(List.of(key))) + " " + what
                + (allowed == null ? "" : " (allowed: " + allowed + ")"));
    }

    /** A problem with the table as a whole, reported at its header. */
    public OrionException tableProblem(String what) {
        return failure(headerPosition == null ? 0 : headerPosition.line(), label + " " + what);
    }

    public OrionException missing(String key, String allowed) {
        return tableProblem("is missing key '" + key + "'" + (allowed == null ? "" : " (allowed: " + allowed + ")"));
    }

    private int lineOf(String key) {
        TomlPosition position = table.inputPositionOf(List.of(key));
        if (position != null) {
            return position.line();
        }
        return headerPosition == null ? 0 : headerPosition.line();
    }

    private OrionException failure(int line, String message) {
        return new OrionException(ErrorCode.CONFIG, fileName + (line > 0 ? ":" + line : "") + ": " + message);
    }

    /** The value as the user wrote it, near enough: strings quoted, lists bracketed. */
    static String shown(Object value) {
        if (value == null) {
            return "(missing)";
        }
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        if (value instanceof TomlArray) {
            return ((TomlArray) value).toList().stream().map(TomlSection::shown)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof TomlTable) {
            return "{...}";
        }
        return String.valueOf(value);
    }
}
