package org.orion.harness.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real loop devices, file systems and mounts for root-only command-line tests, made with the host's
 * own tools (losetup, mkfs.ext4, mount). Everything attached or mounted here is undone by
 * {@link #close()}, mounts first; {@link #unavailableReason()} says why a test must be skipped.
 */
final class LoopDevices implements AutoCloseable {
    private final Path dir;
    private final List<Path> attached = new ArrayList<>();
    private final List<Path> mounted = new ArrayList<>();

    /** Backing files and mount points go under a new directory in {@code parent}. */
    LoopDevices(Path parent) throws IOException {
        this.dir = Files.createTempDirectory(parent, "loops");
    }

    /** Null if loop devices can be used here, else why not. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "loop-device tests need root (running as " + System.getProperty("user.name") + ")";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "no /dev/loop-control: the loop driver is not available in this kernel or container";
        }
        for (String tool : List.of("losetup", "mkfs.ext4", "mount")) {
            if (!Files.isExecutable(Path.of("/usr/sbin", tool)) && !Files.isExecutable(Path.of("/sbin", tool))
                    && !Files.isExecutable(Path.of("/usr/bin", tool)) && !Files.isExecutable(Path.of("/bin", tool))) {
                return tool + " is not installed";
            }
        }
        return null;
    }

    /** A sparse file of {@code sizeBytes}. */
    Path file(String name, long sizeBytes) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(sizeBytes);
        }
        return file;
    }

    /** A loop device over a new sparse file. */
    Path attach(String name, long sizeBytes) throws IOException {
        return attach(file(name, sizeBytes));
    }

    Path attach(Path file) throws IOException {
        Path node = Path.of(run("losetup", "-f", "--show", file.toString()).trim());
        attached.add(node);
        return node;
    }

    void mkfsExt4(Path device) throws IOException {
        run("mkfs.ext4", "-q", "-F", device.toString());
    }

    /** Mounts {@code device} on a new directory (whose name has a space, as real ones may) and returns it. */
    Path mount(Path device) throws IOException {
        Path point = Files.createDirectory(dir.resolve("mnt " + device.getFileName()));
        run("mount", device.toString(), point.toString());
        mounted.add(point);
        return point;
    }

    @Override
    public void close() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Path point : mounted) {
            tryRun(failures, "umount", point.toString());
        }
        for (Path node : attached) {
            tryRun(failures, "losetup", "-d", node.toString());
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("cleaning up loop devices failed: " + failures);
        }
    }

    private static void tryRun(List<String> failures, String... command) {
        try {
            run(command);
        } catch (IOException e) {
            failures.add(e.getMessage());
        }
    }

    /** Runs a command and returns its output; throws with the output if it fails. */
    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.trim());
        }
        return output;
    }
}
