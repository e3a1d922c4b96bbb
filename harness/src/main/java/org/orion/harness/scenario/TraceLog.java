package org.orion.harness.scenario;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The replayable record of a run: one line per applied step and per request, hashed with SHA-256.
 * A request's line holds its kind, range and verdict class: {@code ok} (succeeded, data right),
 * {@code tolerated} (beyond the redundancy, where an error and a right answer are both fine, so the
 * timing of background work cannot change the hash), or the violation. Two runs of one seed give one
 * hash; a different hash means the run did not replay. Keeps the last lines for failure reports.
 */
final class TraceLog {
    private static final int KEPT_LINES = 12;

    private final MessageDigest digest;
    private final List<String> recent = new ArrayList<>();

    TraceLog() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    void add(String line) {
        digest.update(line.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        if (recent.size() == KEPT_LINES) {
            recent.remove(0);
        }
        recent.add(line);
    }

    /** The first 16 hex digits of the hash of every line so far (ends the log). */
    String hash() {
        return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    List<String> recent() {
        return List.copyOf(recent);
    }
}
