package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.harness.control.ControlClient;
import org.orion.harness.event.MonitoredEvent;

/**
 * End to end, in one JVM: {@code orion serve} runs a RAID5 of three small heap disks with a spare;
 * {@code orion --monitor --json} follows it; failing a member with {@code orion --manage --fail}
 * shows Fail, then RebuildStarted (recovery), SpareActive (the spare took over on its own) and
 * RebuildFinished, in that order, on the stream, in the events file and through the alert program
 * (which also heard NewArray when serve started the array).
 */
class MonitorModeTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    private Path config;
    private CompletableFuture<Integer> serve;

    /** A command line running on its own thread, its output readable while it runs. */
    private static final class Running {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> status;

        Running(Path cwd, String... args) {
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            status = CompletableFuture.supplyAsync(() -> new Cli(o, e, Map.of(), cwd).run(List.of(args)));
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private void writeConfig() throws IOException {
        Path alert = dir.resolve("alert.sh");
        Files.writeString(alert, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("alerts.log") + "\n");
        Files.setPosixFilePermissions(alert, PosixFilePermissions.fromString("rwx------"));
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        StringBuilder disks = new StringBuilder();
        for (int i = 0; i < 5; i++) { // d4 belongs to no array: for --add
            disks.append(i == 0 ? "" : ", ").append("{ name = \"d").append(i)
                    .append("\", size = \"8MB\", backing = \"heap\" }");
        }
        config = Files.writeString(dir.resolve("orion.toml"), "[kernel]\nstate_dir = \"var\"\nlog_level = \"warn\"\n"
                + "events_file = \"var/events.jsonl\"\nprogram = \"alert.sh\"\n\n"
                + "[raid]\nrebuild_priority = \"high\"\n\n"
                + "[[controllers]]\nname = \"sata0\"\ntransport = \"sata\"\ndisks = [ " + disks + " ]\n\n"
                + "[[arrays]]\nname = \"md0\"\nlevel = 5\nchunk = \"64KB\"\n"
                + "members = [\"sata0/d0\", \"sata0/d1\", \"sata0/d2\"]\nspares = [\"sata0/d3\"]\n"
                + "create = \"on-first-start\"\n\n"
                + "[nbd]\nlisten = \"127.0.0.1:" + port + "\"\nexport = \"md0\"\n");
    }

    private CliRun orion(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(List.of(args));
        return CliRun.run(dir, all.toArray(new String[0]));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<MonitoredEvent> events(String jsonLines) {
        List<MonitoredEvent> out = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (!line.isBlank()) {
                out.add(MonitoredEvent.parse(line));
            }
        }
        return out;
    }

    /** Index of the first event from {@code from} on whose kind is {@code kind} and whose JSON contains {@code text}. */
    private static int find(List<MonitoredEvent> events, int from, String kind, String text) {
        for (int i = Math.max(from, 0); i < events.size(); i++) {
            if (events.get(i).kind().equals(kind) && events.get(i).json().contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " with " + text + " after #" + from + " in "
                + events.stream().map(MonitoredEvent::kind).toList());
    }

    @AfterEach
    void stopServe() throws Exception {
        if (serve != null && !serve.isDone()) {
            ControlClient.connectIfRunning(dir.resolve("var/orion.sock"))
                    .ifPresent(c -> c.call("shutdown", List.of()));
            serve.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldStreamFailRebuildStartedSpareActiveAndRebuildFinishedInOrderWhenAMemberFails() throws Exception {
        writeConfig();
        Running kernel = new Running(dir, "--config", config.toString(), "serve");
        serve = kernel.status;
        await("orion serve to be ready (stderr: " + kernel.err() + ")", () -> kernel.out().contains("orion serve: ready"));
        await("the initial resync", () -> !orion("mdstat").out().contains("resync ="));

        Running monitor = new Running(dir, "--config", config.toString(), "--monitor", "--json", "--test");
        await("the monitor's test message", () -> monitor.out().contains("\"kind\":\"TestMessage\""));
        CliRun fail = orion("--manage", "md0", "--fail", "sata0/d1");
        assertEquals(0, fail.status(), fail.err());
        await("the rebuild to finish", () -> monitor.out().contains("\"kind\":\"RebuildFinished\"")
                && monitor.out().contains("\"action\":\"recovery\",\"completed\":true"));

        List<MonitoredEvent> stream = events(monitor.out());
        int failed = find(stream, 0, "Fail", "\"component\":\"sata0/d1\"");
        int started = find(stream, failed, "RebuildStarted", "\"action\":\"recovery\"");
        int active = find(stream, started, "SpareActive", "\"component\":\"sata0/d3\"");
        int finished = find(stream, active, "RebuildFinished", "\"action\":\"recovery\",\"completed\":true");
        assertTrue(failed < started && started < active && active < finished);
        for (String progress : List.of("Rebuild20", "Rebuild40", "Rebuild60", "Rebuild80")) {
            int at = find(stream, started, progress, "\"action\":\"recovery\"");
            assertTrue(at < active, progress + " comes before the spare is active");
        }
        assertEquals("md0", stream.get(failed).subject());

        // mdadm's --test --oneshot: first what a new monitor sees (md0, whose spare took a slot, is short
        // of the one spare it is configured with), then a TestMessage per array, in mdadm's words; exit 0.
        CliRun test = orion("--monitor", "--test", "--oneshot");
        assertEquals(0, test.status(), test.err());
        assertTrue(test.out().matches("\\S+ NewArray event detected on md device md0: md0 started: raid5 clean, 3 of 3 "
                + "members in sync, 0 spare\\(s\\)\n"
                + "\\S+ SparesMissing event detected on md device md0: md0 has 0 spare\\(s\\) where 1 are expected\n"
                + "\\S+ TestMessage event detected on md device md0: md0: test message "
                + "\\(orion --monitor --test\\)\n"), test.out());

        // The kernel's own outputs saw the same events: the events file and the alert program.
        Path eventsFile = dir.resolve("var/events.jsonl");
        await("the events file", () -> Files.exists(eventsFile));
        List<MonitoredEvent> logged = events(Files.readString(eventsFile));
        find(logged, find(logged, 0, "Fail", "sata0/d1"), "SpareActive", "sata0/d3");
        Path alerts = dir.resolve("alerts.log");
        await("the alert program's runs", () -> {
            try {
                // SpareActive, not RebuildFinished: the array's initial resync already ended with one.
                return Files.exists(alerts) && Files.readString(alerts).contains("SpareActive md0 sata0/d3\n");
            } catch (IOException e) {
                return false;
            }
        });
        List<String> calls = Files.readAllLines(alerts);
        assertTrue(calls.indexOf("Fail md0 sata0/d1") >= 0, calls.toString());
        assertTrue(calls.indexOf("Fail md0 sata0/d1") < calls.indexOf("SpareActive md0 sata0/d3"), calls.toString());
        assertTrue(calls.contains("TestMessage md0"), calls.toString());
        assertTrue(calls.indexOf("NewArray md0") >= 0 && calls.indexOf("NewArray md0") < calls.indexOf("Fail md0 sata0/d1"),
                "the driver announces the array serve started: " + calls);

        // The kernel stops: the follower says so and exits 1.
        ControlClient.connectIfRunning(dir.resolve("var/orion.sock")).orElseThrow().call("shutdown", List.of());
        assertEquals(0, serve.get(60, TimeUnit.SECONDS));
        assertEquals(1, monitor.status.get(30, TimeUnit.SECONDS));
        assertEquals("orion: the running kernel stopped; nothing more to monitor\n", monitor.err());
    }

    @Test
    void shouldShowInMdstatTheSparesTheArrayHoldsNowNotThoseTheConfigurationLists() throws Exception {
        writeConfig();
        Running kernel = new Running(dir, "--config", config.toString(), "serve");
        serve = kernel.status;
        await("orion serve to be ready (stderr: " + kernel.err() + ")", () -> kernel.out().contains("orion serve: ready"));
        await("the initial resync", () -> !orion("mdstat").out().contains("resync ="));
        CliRun add = orion("--manage", "md0", "--add", "sata0/d4");
        assertEquals(0, add.status(), add.err());
        String mdstat = orion("mdstat").out();
        assertTrue(mdstat.contains("md0 : active raid5 sata0/d2[2] sata0/d1[1] sata0/d0[0] sata0/d3[3](S) "
                + "sata0/d4[4](S)\n"), mdstat);

        assertEquals(0, orion("--manage", "md0", "--fail", "sata0/d1").status());
        await("sata0/d3 to rebuild slot 1", () -> orion("mdstat").out().contains("[3/3] [UUU]"));
        mdstat = orion("mdstat").out();
        assertTrue(mdstat.contains("md0 : active raid5 sata0/d2[2] sata0/d3[1] sata0/d0[0] sata0/d4[3](S)\n"), mdstat);
        // A new monitor's first look: md0 holds one spare, as configured, so no SparesMissing.
        CliRun look = orion("--monitor", "--oneshot");
        assertEquals(0, look.status(), look.err());
        assertTrue(look.out().matches("\\S+ NewArray event detected on md device md0: md0 started: raid5 clean, "
                + "3 of 3 members in sync, 1 spare\\(s\\)\n"), look.out());
    }

    @Test
    void shouldSayInOneLineThatNoKernelRunsToMonitor() throws IOException {
        writeConfig();
        CliRun run = orion("--monitor", "--json");
        assertEquals(1, run.status());
        assertEquals("orion: no running kernel to monitor (start one with 'orion serve'; control socket "
                + dir.resolve("var/orion.sock") + ")\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void shouldRefuseAProgramThatCannotRun() throws IOException {
        writeConfig();
        CliRun run = orion("--monitor", "--program", "no-such-alert");
        assertEquals(2, run.status());
        assertTrue(run.err().startsWith("orion: --program no-such-alert is not an executable file\n"), run.err());
    }
}
