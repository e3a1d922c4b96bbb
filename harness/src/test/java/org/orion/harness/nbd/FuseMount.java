package org.orion.harness.nbd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One nbdfuse process exposing an export as the file {@code MOUNT/nbd}, with the escape hatch the
 * reference (§8) asks for: a hung server leaves tasks in uninterruptible sleep that no signal ends,
 * so {@link #abort()} writes 1 to {@code /sys/fs/fuse/connections/N/abort} (mounting fusectl if
 * needed), which fails the stuck requests with EIO, then SIGKILLs nbdfuse (it ignores SIGTERM while
 * a request is outstanding).
 */
public final class FuseMount implements AutoCloseable {
    private static final Path FUSECTL = Path.of("/sys/fs/fuse/connections");

    private final Path mountDir;
    private final Process process;
    private final long pid;
    private final String connection;

    private FuseMount(Path mountDir, Process process, long pid, String connection) {
        this.mountDir = mountDir;
        this.process = process;
        this.pid = pid;
        this.connection = connection;
    }

    /** Starts nbdfuse in its own session (a SIGHUP to the test's group must not end it) and waits for the mount. */
    public static FuseMount start(String uri, Path mountDir) throws IOException, InterruptedException {
        Files.createDirectories(mountDir);
        Path pidFile = mountDir.resolveSibling(mountDir.getFileName() + ".pid");
        Files.deleteIfExists(pidFile);
        Process p = new ProcessBuilder("setsid", "nbdfuse", "-P", pidFile.toString(), mountDir.toString(), uri)
                .redirectErrorStream(true)
                .redirectOutput(mountDir.resolveSibling(mountDir.getFileName() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new AssertionError("nbdfuse did not mount " + uri + " on " + mountDir + ": "
                        + Files.readString(mountDir.resolveSibling(mountDir.getFileName() + ".log")));
            }
            Thread.sleep(20);
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        String connection = fuseConnection(mountDir).orElseThrow(
                () -> new AssertionError("nbdfuse is running but " + mountDir + " is not in /proc/self/mountinfo"));
        return new FuseMount(mountDir, p, pid, connection);
    }

    public Path file() {
        return mountDir.resolve("nbd");
    }

    /** Fails every request stuck in this FUSE connection with EIO and kills nbdfuse. Safe to call twice. */
    public void abort() {
        try {
            ensureFusectl();
            Path abort = FUSECTL.resolve(connection).resolve("abort");
            if (Files.exists(abort)) {
                Files.writeString(abort, "1");
            }
        } catch (IOException | InterruptedException e) {
            // best effort: the kill below still frees the mount
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Unmounts (lazily after an abort) and waits for nbdfuse to exit. */
    @Override
    public void close() throws IOException, InterruptedException {
        ExternalTool.Result r = ExternalTool.run(null, Duration.ofSeconds(15), "fusermount3", "-u", mountDir.toString());
        if (r.exitCode() != 0 || !process.waitFor(10, TimeUnit.SECONDS)) {
            abort();
            ExternalTool.run(null, Duration.ofSeconds(15), "fusermount3", "-u", "-z", mountDir.toString());
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The FUSE connection number of a mount: the minor device number in /proc/self/mountinfo. */
    private static Optional<String> fuseConnection(Path mountDir) throws IOException {
        String target = mountDir.toRealPath().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(target)) {
                return Optional.of(f[2].substring(f[2].indexOf(':') + 1));
            }
        }
        return Optional.empty();
    }

    private static void ensureFusectl() throws IOException, InterruptedException {
        if (Files.isDirectory(FUSECTL)) {
            try (var entries = Files.list(FUSECTL)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
        }
        ExternalTool.run(null, Duration.ofSeconds(10), List.of("mount", "-t", "fusectl", "none", FUSECTL.toString()));
    }

    /** Mounts fusectl up front, so an abort later does not depend on mount(8) working under pressure. */
    public static void prepareFusectl() throws IOException, InterruptedException {
        ensureFusectl();
    }
}
