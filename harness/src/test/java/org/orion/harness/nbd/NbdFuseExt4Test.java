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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ext4 file system on a RAID6 export: nbdfuse -> loop device -> mkfs.ext4 -> mount -> copy
 * files -> umount -> fsck -fn; then a fresh nbdfuse and loop device, and the sha256 of every file.
 * Exit codes are not trusted (ext4 over a dead server still reports success): fsck and the fresh
 * read-back decide.
 *
 * <p>Root only (loop devices, mount). A watchdog aborts the FUSE connections and kills nbdfuse if
 * the whole test takes longer than {@value #WATCHDOG_SECONDS} s, so a hung server fails the test
 * instead of wedging the build.
 */
@Tag("root")
class NbdFuseExt4Test {
    private static final long WATCHDOG_SECONDS = 100;
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private TestDevices devices;
    private NbdServer server;
    private final List<FuseMount> fuses = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private ScheduledExecutorService watchdog;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices and mount; skipping");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is missing (no FUSE in this kernel/container); skipping");
        assumeTrue(Files.exists(Path.of("/dev/loop-control")), "/dev/loop-control is missing; skipping");
        ExternalTool.require("nbdfuse", "libnbd-bin (or nbdfuse)");
        ExternalTool.require("fusermount3", "fuse3");
        ExternalTool.require("mkfs.ext4", "e2fsprogs");
        ExternalTool.require("losetup", "mount");
        FuseMount.prepareFusectl();
        devices = new TestDevices();
        server = NbdServer.builder().tcp("127.0.0.1", 0)
                .export("md0", devices.raid6(32L << 20), false, "RAID6 for ext4").build().start();
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nbdfuse-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() throws Exception {
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
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            if (server != null) {
                server.close();
            }
            if (devices != null) {
                devices.close();
            }
        }
    }

    @Test
    void shouldKeepEveryFileOfAnExt4FileSystemOnARaid6Export() throws Exception {
        ScheduledFuture<?> bite = watchdog.schedule(() -> fuses.forEach(FuseMount::abort), WATCHDOG_SECONDS,
                TimeUnit.SECONDS);
        String uri = "nbd://127.0.0.1:" + server.boundPort() + "/md0";
        Map<String, String> expected = makeFiles(dir.resolve("files"));

        String loop = attach(uri, "fuse1", false);
        run("mkfs.ext4", "-q", "-F", loop);
        Path fs = mount(loop, "fs1", false);
        run("cp", "-a", dir.resolve("files").toString() + "/.", fs.toString());
        run("sync");
        run("umount", fs.toString());
        mounts.remove(fs);
        run("fsck.ext4", "-fn", loop);
        detach(loop);
        fuses.remove(0).close();

        String fresh = attach(uri, "fuse2", true);
        Path ro = mount(fresh, "fs2", true);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), TestFiles.sha256(ro.resolve(e.getKey())), e.getKey());
        }
        run("umount", ro.toString());
        mounts.remove(ro);
        detach(fresh);
        bite.cancel(false);
    }

    private String attach(String uri, String name, boolean readOnly) throws Exception {
        FuseMount fuse = FuseMount.start(uri, dir.resolve(name));
        fuses.add(fuse);
        String loop = run(readOnly ? List.of("losetup", "-r", "-f", "--show", fuse.file().toString())
                : List.of("losetup", "-f", "--show", fuse.file().toString())).trim();
        loops.add(loop);
        return loop;
    }

    private void detach(String loop) throws Exception {
        run("losetup", "-d", loop);
        loops.remove(loop);
    }

    private Path mount(String loop, String name, boolean readOnly) throws Exception {
        Path at = Files.createDirectories(dir.resolve(name));
        run(readOnly ? List.of("mount", "-o", "ro", loop, at.toString()) : List.of("mount", loop, at.toString()));
        mounts.add(at);
        return at;
    }

    private String run(String... command) throws Exception {
        return run(List.of(command));
    }

    /** Runs one step; if it hangs, the FUSE connections are aborted so it can be reaped. */
    private String run(List<String> command) throws Exception {
        ScheduledFuture<?> stepWatch = watchdog.schedule(() -> fuses.forEach(FuseMount::abort), STEP.toSeconds(),
                TimeUnit.SECONDS);
        try {
            return ExternalTool.run(dir, STEP.plusSeconds(20), command).assertOk(String.join(" ", command)).out();
        } finally {
            stepWatch.cancel(false);
        }
    }

    /** Seeded files of assorted sizes (0 bytes to 3 MiB) in two directories; returns name -> sha256. */
    private static Map<String, String> makeFiles(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, String> digests = new LinkedHashMap<>();
        Files.createDirectories(root.resolve("sub"));
        for (int i = 0; i < 24; i++) {
            String name = (i % 3 == 0 ? "sub/" : "") + "file" + i + ".bin";
            int size = i == 0 ? 0 : random.nextInt(3 << 20);
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = root.resolve(name);
            Files.write(file, data);
            digests.put(name, TestFiles.sha256(file));
        }
        return digests;
    }
}
