package org.orion.harness.event;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an alert program for each event, as mdadm's {@code --program} does:
 * {@code PROGRAM <Event> <md-device> [<component>]}, with the program's output going where the
 * caller's goes. Programs run one at a time in event order on a thread of their own, so a slow one
 * never holds up the caller; each gets {@code timeout} to finish and is killed after that. At most
 * {@value #MAX_WAITING} runs wait; beyond that events are dropped for the program (and counted).
 * Every exit status is logged: 0 at debug, anything else, a kill or a failure to start as a warning.
 */
public final class ProgramHook implements EventOutput {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ProgramHook.class);
    private static final int MAX_WAITING = 64;

    private final Path program;
    private final Duration timeout;
    private final ThreadPoolExecutor runner;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    public ProgramHook(Path program, Duration timeout) {
        this.program = program.toAbsolutePath();
        this.timeout = timeout;
        this.runner = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_WAITING), r -> {
            Thread t = new Thread(r, "orion-event-program");
            t.setDaemon(true);
            return t;
        });
        runner.allowCoreThreadTimeOut(true);
    }

    @Override
    public void write(PublishedEvent event) {
        run(event.event().kind(), event.event().subject(), event.component());
    }

    /** Queues one run of the program for {@code event} on {@code device} (and {@code component}). */
    public void run(String event, String device, Optional<String> component) {
        List<String> command = new ArrayList<>(List.of(program.toString(), event, device));
        component.ifPresent(command::add);
        try {
            runner.execute(() -> runNow(command));
        } catch (RejectedExecutionException e) {
            if (dropped.getAndIncrement() == 0) {
                LOG.warn("alert program {} is falling behind ({} runs waiting): {} event on {} not passed to it; "
                        + "further drops are only counted", program, MAX_WAITING, event, device);
            }
        }
    }

    private void runNow(List<String> command) {
        runs.incrementAndGet();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            failures.incrementAndGet();
            LOG.warn("cannot run alert program {}: {} (check [kernel] program or --program)", program, e.getMessage());
            return;
        }
        String what = String.join(" ", command);
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                // The program first, so a script cannot go on to its next command; then what it started
                // (a sleep, a curl), found before the kill because orphans are no longer its descendants.
                List<ProcessHandle> started = process.descendants().toList();
                process.destroyForcibly();
                started.forEach(ProcessHandle::destroyForcibly);
                timeouts.incrementAndGet();
                failures.incrementAndGet();
                LOG.warn("alert program '{}' still ran after {} ms: killed", what, timeout.toMillis());
                return;
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            failures.incrementAndGet();
            LOG.warn("alert program '{}' killed: the hook is shutting down", what);
            Thread.currentThread().interrupt();
            return;
        }
        int status = process.exitValue();
        if (status == 0) {
            LOG.debug("alert program '{}' exited with status 0", what);
        } else {
            failures.incrementAndGet();
            LOG.warn("alert program '{}' exited with status {}", what, status);
        }
    }

    /** Programs started. */
    public long runs() {
        return runs.get();
    }

    /** Runs that could not start, exited non-zero, or were killed. */
    public long failures() {
        return failures.get();
    }

    /** Runs killed for overrunning the timeout. */
    public long timeouts() {
        return timeouts.get();
    }

    /** Events not passed to the program because too many runs were waiting. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Lets the waiting runs finish within one timeout (plus a second), then kills the one still
     * running and drops the rest, saying how many.
     */
    @Override
    public void close() {
        runner.shutdown();
        try {
            if (!runner.awaitTermination(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS)) {
                int left = runner.shutdownNow().size();
                dropped.addAndGet(left);
                LOG.warn("alert program {}: shutting down with {} run(s) not started", program, left);
            }
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "alert program " + program;
    }
}
