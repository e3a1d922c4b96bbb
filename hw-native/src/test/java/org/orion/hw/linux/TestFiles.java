package org.orion.hw.linux;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where tests put member files: the module's target directory (a real disk file system with O_DIRECT). */
final class TestFiles {
    private TestFiles() {
    }

    static Path targetDir() throws IOException {
        Path dir = Paths.get("target", "test-members").toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    /** A sparse file of {@code sizeBytes} in {@code dir}. */
    static Path sparseFile(Path dir, String prefix, long sizeBytes) throws IOException {
        Path file = Files.createTempFile(dir, prefix, ".img");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        }
        return file;
    }
}
