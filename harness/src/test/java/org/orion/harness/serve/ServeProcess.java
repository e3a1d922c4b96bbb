package org.orion.harness.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orion.harness.cli.Cli;
import org.orion.harness.nbd.ExternalTool;

/**
 * One real {@code orion serve} in a child JVM, started and restarted on the same configuration.
 *
 * <p>The child runs {@code org.orion.harness.Main} on the test JVM's own class path: that is the
 * code under test (target/classes plus the raid-driver and hw-native jars Maven resolved), whereas
 * harness.jar does not exist yet during {@code mvn test} or may be stale. Its stdout (the ready line)
 * and stderr (the log) go to files in the configuration's directory, one pair per start, so a failing
 * test can show what the kernel said.
 */
public final class ServeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("orion serve: ready: md0 \\(([^)]*)\\) at (nbd://[^;\\s]+)");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern PROGRESS = Pattern.compile("\\[[=>.]+\\]\\s+(resync|recovery|check|reshape)");
    /** Children still alive, killed if the test JVM ends before a test's after-method ran. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "orion-serve-test-reaper"));
    }

    /** What one run of the command line printed and returned. */
    public record CliResult(int status, String out, String err) {
        public CliResult assertOk(String what) {
            if (status != 0) {
                throw new AssertionError(what + " exited " + status + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    private final Path config;
    private Process process;
    private int starts;
    private String uri;
    private String readyState;

    private ServeProcess(Path config) {
        this.config = config;
    }

    /** Writes {@code config} into {@code dir} and starts serve on it, retrying if the chosen port was taken meanwhile. */
    public static ServeProcess start(ServeConfig config, Path dir) throws IOException, InterruptedException {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            ServeProcess serve = new ServeProcess(config.write(dir));
            try {
                serve.start();
                return serve;
            } catch (AssertionError e) {
                serve.close();
                if (!String.valueOf(e.getMessage()).contains("in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** Starts (or starts again) and waits for the ready line. */
    public void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("orion serve is already running");
        }
        starts++;
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("serve", "--config", config.toString()));
        process = new ProcessBuilder(command).directory(config.getParent().toFile())
                .redirectOutput(stdoutFile().toFile()).redirectError(logFile().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        LIVE.add(process);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (;;) {
            Matcher m = READY.matcher(Files.readString(stdoutFile(), StandardCharsets.UTF_8));
            if (m.find()) {
                readyState = m.group(1);
                uri = m.group(2);
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "printed no ready line within " + READY_TIMEOUT
                        : "exited " + process.waitFor() + " before it was ready";
                close();
                throw new AssertionError("orion serve " + why + "\n" + tail(log()));
            }
            Thread.sleep(25);
        }
    }

    /**
     * java with the incubator vector module (as the launcher runs it) and Main on the test class path.
     * The JVM is {@code orion.test.serveJava} when set: the harness pom sets it to the JDK 22+ that
     * {@code ./orion} runs on when the build has one, so the served arrays are tested on the JVM
     * users get; otherwise the test JVM's own.
     */
    private static List<String> javaCommand() {
        String java = System.getProperty("orion.test.serveJava",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The launcher's options (./orion): the segment parity kernels use a restricted method.
        return List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.orion.harness.Main");
    }

    /** nbd://127.0.0.1:PORT/md0 as the ready line printed it. */
    public String uri() {
        return uri;
    }

    /** "raid6, clean" (level and state as the ready line printed them). */
    public String readyState() {
        return readyState;
    }

    public int port() {
        return Integer.parseInt(uri.replaceFirst("^nbd://[^:]+:(\\d+)/.*$", "$1"));
    }

    public Path config() {
        return config;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then waits for the exit; returns the exit status. */
    public int terminate() throws InterruptedException, IOException {
        process.destroy(); // SIGTERM on Linux
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("orion serve did not stop within 60 s of SIGTERM\n" + tail(log()));
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    /** SIGKILL: nothing of the kernel runs after it, as after a crash or power loss of the host. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor();
        LIVE.remove(process);
    }

    /** The log (stderr) of the current start. */
    public String log() throws IOException {
        return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.UTF_8) : "";
    }

    private Path stdoutFile() {
        return config.resolveSibling("serve-" + starts + ".out");
    }

    private Path logFile() {
        return config.resolveSibling("serve-" + starts + ".log");
    }

    /** The command line run in this JVM (the real Cli, talking to the child over its control socket). */
    public CliResult cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> full = new ArrayList<>(List.of("--config", config.toString()));
        full.addAll(List.of(args));
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = new Cli(o, e, Map.of(), config.getParent()).run(full);
        }
        return new CliResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The command line as its own process, the way a user's shell runs {@code orion ...}. */
    public CliResult orion(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("--config", config.toString()));
        command.addAll(List.of(args));
        ExternalTool.Result r = ExternalTool.run(config.getParent(), Duration.ofSeconds(60), command);
        return new CliResult(r.exitCode(), r.out(), r.err().replace("WARNING: Using incubator modules: jdk.incubator.vector\n", ""));
    }

    /** {@code orion mdstat} (in-process) until no resync/recovery/check progress line is left; returns the last view. */
    public String awaitSyncIdle(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            String mdstat = cli("mdstat").assertOk("orion mdstat").out();
            if (!PROGRESS.matcher(mdstat).find()) {
                return mdstat;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still syncing after " + timeout + ":\n" + mdstat + "\n" + tail(log()));
            }
            Thread.sleep(100);
        }
    }

    /**
     * Polls {@code orion mdstat} until {@code done} holds for a view with no pass in progress (a
     * single idle view is not enough where one pass hands over to another, e.g. a resync stopping
     * for a rebuild); fails with the last view and the log's tail after {@code timeout}.
     */
    public String awaitMdstat(java.util.function.Predicate<String> done, Duration timeout)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            String mdstat = cli("mdstat").assertOk("orion mdstat").out();
            if (!PROGRESS.matcher(mdstat).find() && done.test(mdstat)) {
                return mdstat;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("mdstat did not reach the expected state after " + timeout + ":\n" + mdstat
                        + "\n" + tail(log()));
            }
            Thread.sleep(100);
        }
    }

    /** True if an mdstat view shows a pass in progress. */
    public static boolean showsProgress(String mdstat) {
        return PROGRESS.matcher(mdstat).find();
    }

    public static String tail(String log) {
        return log.length() > 6000 ? "..." + log.substring(log.length() - 6000) : log;
    }

    /** Kills the child if it still runs (SIGKILL: an after-method must never hang on a wedged kernel). */
    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            LIVE.remove(process);
        }
    }
}
