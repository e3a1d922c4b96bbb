package org.orion.hw.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reading /sys: attribute files are small text files; a missing one means "this device does not
 * have that property", never an error. The root is a parameter so the sysfs of a container or a
 * test tree can be read the same way; {@link #HOST} is the machine's own.
 */
public final class Sysfs {
    /** The running host's /sys. */
    public static final Sysfs HOST = new Sysfs(Paths.get("/sys"));

    private final Path root;

    public Sysfs(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** /sys/block: one entry per whole disk. */
    public Path blockDir() {
        return root.resolve("block");
    }

    /** The device directory of a block device number ("8:0"), resolved to /sys/devices/...; empty if unknown. */
    public Optional<Path> deviceDir(String majorMinor) {
        Path link = root.resolve("dev/block").resolve(majorMinor);
        try {
            return Optional.of(link.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The whole-disk directory: the parent for a partition, the directory itself otherwise. */
    public static Path diskDirOf(Path deviceDir) {
        return Files.exists(deviceDir.resolve("partition")) ? deviceDir.getParent() : deviceDir;
    }

    /** Trimmed content of an attribute file, empty if it does not exist or cannot be read. */
    public static Optional<String> read(Path attribute) {
        try {
            byte[] bytes = Files.readAllBytes(attribute);
            return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1).trim());
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Raw bytes of a binary attribute (vpd_pg80, vpd_pg83), empty if absent. */
    public static Optional<byte[]> readBytes(Path attribute) {
        try {
            return Optional.of(Files.readAllBytes(attribute));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    public static OptionalLong readLong(Path attribute) {
        Optional<String> text = read(attribute);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Names of the entries of a directory, sorted; empty if it does not exist. */
    public static List<String> list(Path dir) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            return names;
        }
        names.sort(String::compareTo);
        return names;
    }

    /** The partitions of a whole disk: sub-directories that have a "partition" attribute. */
    public static List<String> partitions(Path diskDir) {
        List<String> result = new ArrayList<>();
        for (String name : list(diskDir)) {
            if (Files.exists(diskDir.resolve(name).resolve("partition"))) {
                result.add(name);
            }
        }
        return result;
    }
}
