package org.orion.harness.serve;

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
import org.orion.harness.nbd.ExternalTool;
import org.orion.harness.nbd.FuseMount;
import org.orion.harness.nbd.TestFiles;

/**
 * A real file system across a restart of the kernel: nbdfuse exposes md0 as a file, a loop device
 * carries ext4 (mkfs, mount, copy files in, umount, {@code fsck -fn}), then {@code orion serve} is
 * stopped with SIGTERM and started again, and a fresh nbdfuse and loop device read every file back
 * by sha256. Exit codes under FUSE are not trusted (ext4 over a dead server still reports success):
 * fsck and the read-back after the restart decide.
 *
 * <p>Root only. A hung server would leave sync or mkfs in uninterruptible sleep, so every step runs
 * under a watchdog that aborts the FUSE connection (see {@link FuseMount#abort()}), and the whole test
 * under a second one.
 */
@Tag("serve")
@Tag("root")
class ServeExt4RestartTest {
    private static final long WATCHDOG_SECONDS = 150;
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private ServeProcess serve;
    private final List<FuseMount> fuses = new ArrayList<>();
    private final List<String> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private ScheduledExecutorService watchdog;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for loop devices and mount; skipping");
        assumeTrue(Files.exists(Path.of("/dev/fuse")), "/dev/fuse is missing; skipping");
        assumeTrue(Files.exists(Path.of("/dev/loop-control")), "/dev/loop-control is missing; skipping");
        ExternalTool.require("nbdfuse", "libnbd-bin (or nbdfuse)");
        ExternalTool.require("fusermount3", "fuse3");
        ExternalTool.require("mkfs.ext4", "e2fsprogs");
        ExternalTool.require("losetup", "mount");
        FuseMount.prepareFusectl();
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serve-ext4-watchdog");
            t.setDaemon(true);
            return t;
        });
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(40L << 20), dir.resolve("orion"));
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
            if (serve != null) {
                serve.close();
            }
        }
    }

    @Test
    void shouldKeepEveryFileOfAnExt4FileSystemAcrossARestartOfServe() throws Exception {
        ScheduledFuture<?> bite = watchdog.schedule(this::abortFuse, WATCHDOG_SECONDS, TimeUnit.SECONDS);
        Map<String, String> expected = makeFiles(dir.resolve("files"));

        String loop = attach("fuse1", false);
        run("mkfs.ext4", "-q", "-F", loop);
        Path fs = mount(loop, "fs1", false);
        run("cp", "-a", dir.resolve("files") + "/.", fs.toString());
        run("sync");
        run("umount", fs.toString());
        mounts.remove(fs);
        run("fsck.ext4", "-fn", loop);
        detach(loop);
        fuses.remove(0).close();

        assertEquals(0, serve.terminate(), "exit status after SIGTERM\n" + ServeProcess.tail(serve.log()));
        serve.start();

        String fresh = attach("fuse2", true);
        Path ro = mount(fresh, "fs2", true);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), TestFiles.sha256(ro.resolve(e.getKey())), e.getKey());
        }
        run("umount", ro.toString());
        mounts.remove(ro);
        detach(fresh);
        bite.cancel(false);
    }

    private void abortFuse() {
        fuses.forEach(FuseMount::abort);
    }

    private String attach(String name, boolean readOnly) throws Exception {
        FuseMount fuse = FuseMount.start(serve.uri(), dir.resolve(name));
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

    private Path mount(String loop, String name, boolean readOnly) throws Exception {
        Path at = Files.createDirectories(dir.resolve(name));
        run(readOnly ? List.of("mount", "-o", "ro", loop, at.toString()) : List.of("mount", loop, at.toString()));
        mounts.add(at);
        return at;
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

    /** Seeded files from 0 bytes to 4 MiB in three directories; returns relative name -> sha256. */
    private static Map<String, String> makeFiles(Path root) throws IOException {
        SplittableRandom random = new SplittableRandom(2024);
        Map<String, String> digests = new LinkedHashMap<>();
        for (String sub : List.of("a", "b/c")) {
            Files.createDirectories(root.resolve(sub));
        }
        for (int i = 0; i < 30; i++) {
            String name = (i % 3 == 0 ? "a/" : i % 3 == 1 ? "b/c/" : "") + "file" + i + ".bin";
            int size = i == 0 ? 0 : i == 1 ? 1 : random.nextInt(4 << 20);
            byte[] data = new byte[size];
            random.nextBytes(data);
            Path file = root.resolve(name);
            Files.write(file, data);
            digests.put(name, TestFiles.sha256(file));
        }
        return digests;
    }
}
