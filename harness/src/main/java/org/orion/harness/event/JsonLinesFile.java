package org.orion.harness.event;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each event to a file as one line of JSON ({@link EventJson}), flushed per event so that
 * {@code tail -f} and log shippers see it at once. The file and its directory are created when
 * missing; an existing file is appended to, never truncated. A write that fails is logged (the
 * first one in full, the rest counted) and the kernel carries on.
 */
final class JsonLinesFile implements EventOutput {
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesFile.class);

    private final Path file;
    private Writer writer;
    private long failures;

    JsonLinesFile(Path file) {
        this.file = file;
    }

    @Override
    public void write(PublishedEvent event) {
        try {
            if (writer == null) {
                Path dir = file.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
            writer.write(event.json());
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            if (failures++ == 0) {
                LOG.error("cannot append events to {}: {} (check [kernel] events_file and that its directory is "
                        + "writable); further failures are only counted", file, e.toString());
            }
            closeQuietly();
        }
    }

    long failures() {
        return failures;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                LOG.debug("closing {} failed: {}", file, e.toString());
            }
            writer = null;
        }
    }

    @Override
    public String toString() {
        return "events file " + file;
    }
}
