package org.orion.raid.level;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Finds the md-made test vectors in the shared directory: the system property
 * {@code orion.shared.dir} if set, else {@code ../../shared} from the module directory (tests run
 * with cwd = raid-driver; CI checks out {@code shared} beside the repository).
 */
public final class SharedVectors {
    private SharedVectors() {
    }

    /** The directory of one vector, e.g. {@code raid5-ls-4x7M-64k}; fails clearly when absent. */
    public static Path vector(String name) {
        String configured = System.getProperty("orion.shared.dir");
        Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path dir = shared.resolve("vectors").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("md test vector " + name + " not found at " + dir.toAbsolutePath()
                    + ": check out the shared directory beside the repository (../shared from its root)"
                    + " or run with -Dorion.shared.dir=/path/to/shared");
        }
        return dir;
    }

    /** KEY=VALUE pairs of a vector's expected.env (quotes removed, comments skipped). */
    public static Map<String, String> expectations(Path vector) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(vector.resolve("expected.env"))) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 1) {
                    continue;
                }
                String value = line.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(line.substring(0, eq).trim(), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }

    /** A whole gzip-compressed member image in memory. */
    public static byte[] gunzip(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
