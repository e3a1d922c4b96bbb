package org.orion.harness.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.nbd.ExternalTool;

/**
 * Live management while a client works: fio (nbd engine, crc32c verify) runs against md0 when
 * {@code orion --manage md0 --fail sata0/d2} fails a member through the control socket. The hot spare must take the slot automatically, {@code orion mdstat} must show the
 * recovery while it runs, fio must finish with every block verified, and after the rebuild a
 * verify-only pass of the same fio job must still find every block intact.
 */
@Tag("serve")
class ServeMemberFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private ServeProcess serve;
    private Process fio;

    @BeforeEach
    void startServe() throws Exception {
        ExternalTool.require("fio", "fio");
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(40L << 20), dir);
    }

    @AfterEach
    void stopServe() throws Exception {
        if (fio != null && fio.isAlive()) {
            fio.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (serve != null) {
            serve.close();
        }
    }

    @Test
    void shouldKeepFioVerifyingCleanWhileAFailedMemberIsRebuiltOntoTheSpare() throws Exception {
        Path work = Files.createDirectories(dir.resolve("fio"));
        assumeTrue(ExternalTool.run(work, TIMEOUT, "fio", "--enghelp=nbd").out().contains("uri"),
                "this fio has no nbd engine; skipping");
        serve.awaitSyncIdle(TIMEOUT); // a member failure during the creation resync is another story

        fio = new ProcessBuilder(fioJob(false)).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("fio.out").toFile()).start();
        awaitFioConnected();
        // In-process, so the failure surely lands while fio writes (a second JVM takes a second to start).
        ServeProcess.CliResult fail = serve.cli("--manage", "md0", "--fail", "sata0/d2");
        assertTrue(fio.isAlive(), "fio ended before the member was failed: make its job longer");
        fail.assertOk("orion --manage md0 --fail sata0/d2");
        assertEquals("orion: set sata0/d2 faulty in md0\n", fail.out());

        List<String> duringRecovery = new ArrayList<>();
        String mdstat = watchRecovery(duringRecovery);
        assertFalse(duringRecovery.isEmpty(), "orion mdstat never showed the recovery running; last view:\n" + mdstat);
        String first = duringRecovery.get(0);
        assertTrue(first.contains("sata0/d2[2](F)"), first);
        assertTrue(first.contains("[6/5] [UU_UUU]"), first);
        assertTrue(first.matches("(?s).*\\[[=>.]{21}\\]  recovery = *\\d+\\.\\d% \\(\\d+/\\d+\\).*"), first);
        assertTrue(mdstat.contains("nvme0/n0[2]"), "the spare did not take slot 2:\n" + mdstat);
        assertTrue(mdstat.contains("[6/6] [UUUUUU]"), mdstat);
        assertFalse(mdstat.contains("(S)"), "the spare is a member now, not a spare as well:\n" + mdstat);

        assertTrue(fio.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "fio did not finish");
        String out = Files.readString(work.resolve("fio.out"));
        assertEquals(0, fio.exitValue(), out);
        assertTrue(out.contains("err= 0"), out);
        assertFalse(out.contains("verify: bad"), out);

        ExternalTool.Result again = ExternalTool.run(work, TIMEOUT, fioJob(true)).assertOk("fio --verify_only");
        assertTrue(again.out().contains("err= 0"), again.out());
        String after = serve.orion("mdstat").assertOk("orion mdstat (its own process)").out();
        assertTrue(after.contains("nvme0/n0[2]") && after.contains("[6/6] [UUUUUU]"), after);
        String log = serve.log();
        assertTrue(log.contains("md0: recovery of slot 2 onto nvme0/n0 started"), log);
        assertTrue(log.contains("md0: recovery finished"), log);
    }

    /**
     * md interrupts a resync when a member fails, recovers onto the spare, then resumes the resync;
     * so does Orion (the recovery used to be refused while the resync ran, leaving the spare idle).
     */
    @Test
    void shouldRebuildOntoTheSpareWhenAMemberFailsDuringTheCreationResync() throws Exception {
        serve.close();
        serve = ServeProcess.start(ServeConfig.raid6WithSpare(24L << 20).rebuildPriority("low"), dir.resolve("low"));
        assertTrue(ServeProcess.showsProgress(serve.cli("mdstat").out()), "the creation resync is already over");
        serve.orion("--manage", "md0", "--fail", "sata0/d2").assertOk("orion --manage md0 --fail sata0/d2");
        serve.awaitMdstat(mdstat -> mdstat.contains("nvme0/n0[2]") && mdstat.contains("[6/6] [UUUUUU]"), TIMEOUT);
        assertTrue(serve.log().contains("md0: recovery finished"), ServeProcess.tail(serve.log()));
    }

    /**
     * Random 4-64 KiB writes over 96 MiB of the 152 MiB array at queue depth 16, each block checked
     * by crc32c when fio reads it back: long enough (seconds) that the failure lands mid-run.
     */
    private List<String> fioJob(boolean verifyOnly) {
        List<String> cmd = new ArrayList<>(List.of("fio", "--name=fault", "--ioengine=nbd", "--uri=" + serve.uri(),
                "--rw=randwrite", "--bsrange=4k-64k", "--iodepth=16", "--size=96m", "--randseed=31",
                "--verify=crc32c", "--verify_fatal=1"));
        if (verifyOnly) {
            cmd.add("--verify_only");
        }
        return List.copyOf(cmd);
    }

    /** Waits until fio's NBD connection is in the server log, so the failure hits a running job. */
    private void awaitFioConnected() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!serve.log().contains("serving export 'md0'")) {
            assertTrue(fio.isAlive() && System.nanoTime() < deadline, "fio did not connect:\n" + ServeProcess.tail(serve.log()));
            Thread.sleep(20);
        }
        Thread.sleep(300); // some writes in flight, most of the job still ahead
    }

    /** Polls {@code orion mdstat} until no pass runs; collects the views that showed the recovery. */
    private String watchRecovery(List<String> duringRecovery) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        for (;;) {
            String mdstat = serve.cli("mdstat").assertOk("orion mdstat").out();
            if (ServeProcess.showsProgress(mdstat)) {
                duringRecovery.add(mdstat);
            } else if (mdstat.contains("[6/6]")) {
                return mdstat;
            }
            assertTrue(System.nanoTime() < deadline, "the rebuild did not end:\n" + mdstat);
            Thread.sleep(50);
        }
    }
}
