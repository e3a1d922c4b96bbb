package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real ext4 file system on an NBD export, for tests: nbdfuse -> loop device -> mkfs.ext4 -> mount
 * -> copy -> umount -> {@code fsck -fn} ({@link #fill}), and later a fresh nbdfuse and loop device
 * that read every file back by sha256 ({@link #verify}). Exit codes under FUSE are not trusted (ext4
 * over a dead server still reports success): fsck and the fresh read-back decide.
 *
 * <p>A hung server would leave sync or mkfs in uninterruptible sleep, so every step runs under a
 * watchdog that aborts the FUSE connections ({@link FuseMount#abort()}), and the whole use under a
 * second one. {@link #close()} undoes every mount, loop device and nbdfuse still standing.
 */
public final class Ext4OverNbd implements AutoCloseable {
    private static final Duration STEP = Duration.ofSeconds(60);

    private final Path dir;
    private final List<FuseMount> fuses = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private final ScheduledExecutorService watchdog;
    private final ScheduledFuture<?> bite;
    private int uses;

    /** Skips the calling test, saying why, unless root, FUSE, loop devices and the tools are here. */
    public static void assumeUsable() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices and mount; skipping");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is missing (no FUSE in this kernel/container); skipping");
        assumeTrue(Files.exists(Path.of("/dev/loop-control")), "/dev/loop-control is missing; skipping");
        ExternalTool.require("nbdfuse", "libnbd-bin (or nbdfuse)");
        ExternalTool.require("fusermount3", "fuse3");
        ExternalTool.require("mkfs.ext4", "e2fsprogs");
        ExternalTool.require("losetup", "mount");
        FuseMount.prepareFusectl();
    }

    /** Works in {@code dir}; gives up (aborting FUSE) after {@code wholeTestSeconds}. */
    public Ext4OverNbd(Path dir, long wholeTestSeconds) {
        this.dir = dir;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ext4-over-nbd-watchdog");
            t.setDaemon(true);
            return t;
        });
        this.bite = watchdog.schedule(this::abortFuse, wholeTestSeconds, TimeUnit.SECONDS);
    }

    /** A new ext4 on the export at {@code uri} holding a copy of {@code files}, unmounted and fsck'd clean. */
    public void fill(String uri, Path files) throws Exception {
        String loop = attach(uri, false);
        run("mkfs.ext4", "-q", "-F", loop);
        Path fs = mount(loop, false);
        run("cp", "-a", files + "/.", fs.toString());
        run("sync");
        unmount(fs);
        run("fsck.ext4", "-fn", loop);
        detach(loop);
        fuses.remove(fuses.size() - 1).close();
    }

    /** Reads the file system on the export back through a fresh nbdfuse and loop device. */
    public void verify(String uri, Map<String, String> expected) throws Exception {
        String loop = attach(uri, true);
        Path ro = mount(loop, true);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), TestFiles.sha256(ro.resolve(e.getKey())), e.getKey());
        }
        unmount(ro);
        detach(loop);
    }

    /** Seeded files from 0 bytes to {@code maxBytes} in a few directories; returns relative name -> sha256. */
    public static Map<String, String> makeFiles(Path root, long seed, int count, int maxBytes) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> digests = new LinkedHashMap<>();
        for (String sub : List.of("a", "b/c")) {
            Files.createDirectories(root.resolve(sub));
        }
        for (int i = 0; i < count; i++) {
            String name = (i % 3 == 0 ? "a/" : i % 3 == 1 ? "b/c/" : "") + "file" + i + ".bin";
            int size = i == 0 ? 0 : i == 1 ? 1 : random.nextInt(maxBytes);
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = root.resolve(name);
            Files.write(file, data);
            digests.put(name, TestFiles.sha256(file));
        }
        return digests;
    }

    private String attach(String uri, boolean readOnly) throws Exception {
        FuseMount fuse = FuseMount.start(uri, dir.resolve("fuse" + (++uses)));
        fuses.add(fuse);
        String file = fuse.file().toString();
        String loop = run(readOnly ? List.of("losetup", "-r", "-f", "--show", file) : List.of("losetup", "-f", "--show", file))
                .trim();
        loops.add(loop);
        return loop;
    }

    private void detach(String loop) throws Exception {
        run("losetup", "-d", loop);
        loops.remove(loop);
    }

    private Path mount(String loop, boolean readOnly) throws Exception {
        Path at = Files.createDirectories(dir.resolve("fs" + uses));
        run(readOnly ? List.of("mount", "-o", "ro", loop, at.toString()) : List.of("mount", loop, at.toString()));
        mounts.add(at);
        return at;
    }

    private void unmount(Path at) throws Exception {
        run("umount", at.toString());
        mounts.remove(at);
    }

    private String run(String... command) throws Exception {
        return run(List.of(command));
    }

    /** One step under its own watchdog: if it hangs, the FUSE connections are aborted so it can be reaped. */
    private String run(List<String> command) throws Exception {
        ScheduledFuture<?> stepWatch = watchdog.schedule(this::abortFuse, STEP.toSeconds(), TimeUnit.SECONDS);
        try {
            return ExternalTool.run(dir, STEP.plusSeconds(20), command).assertOk(String.join(" ", command)).out();
        } finally {
            stepWatch.cancel(false);
        }
    }

    private void abortFuse() {
        fuses.forEach(FuseMount::abort);
    }

    @Override
    public void close() throws Exception {
        bite.cancel(false);
        try {
            for (Path m : mounts) {
                ExternalTool.run(null, Duration.ofSeconds(20), "umount", "-l", m.toString());
            }
            for (String loop : loops) {
                ExternalTool.run(null, Duration.ofSeconds(20), "losetup", "-d", loop);
            }
            for (FuseMount f : fuses) {
                f.close();
            }
        } finally {
            watchdog.shutdownNow();
        }
    }
}
