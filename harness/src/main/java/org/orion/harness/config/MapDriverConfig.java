package org.orion.harness.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.orion.driver.api.spi.DriverConfig;

/**
 * The {@link DriverConfig} a driver gets: validated values under dotted keys, with every default
 * already filled in, so a driver never guesses a default the documentation does not state. Values
 * are strings, longs or booleans; sizes are stored as byte counts, so {@link #sizeBytes} and
 * {@link #integer} both answer for them. A section is the keys under a dotted prefix.
 */
public final class MapDriverConfig implements DriverConfig {
    private final Map<String, Object> values;

    /** @param values dotted key to String, Long or Boolean; copied, order kept */
    public MapDriverConfig(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Long || value instanceof Boolean)) {
                throw new IllegalArgumentException("config key " + key + " has unsupported value type "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
            }
            copy.put(key, value);
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    @Override
    public Set<String> keys() {
        return values.keySet();
    }

    @Override
    public Optional<String> string(String key) {
        return typed(key, String.class);
    }

    @Override
    public Optional<Long> integer(String key) {
        return typed(key, Long.class);
    }

    @Override
    public Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class);
    }

    @Override
    public Optional<Long> sizeBytes(String key) {
        return typed(key, Long.class);
    }

    @Override
    public DriverConfig section(String key) {
        String prefix = key + ".";
        Map<String, Object> nested = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                nested.put(k.substring(prefix.length()), v);
            }
        });
        return new MapDriverConfig(nested);
    }

    private <T> Optional<T> typed(String key, Class<T> type) {
        Object value = values.get(key);
        return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
