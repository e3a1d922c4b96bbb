package org.orion.harness.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.SyncStatus;

/**
 * Waits in the foreground for an array's background pass (resync, check, repair) to finish, as
 * there is no daemon to leave it running in. On a terminal, and unless {@code --quiet}, it redraws
 * one /proc/mdstat-style line on stderr:
 *
 * <pre>
 *       [====&gt;................]  resync = 23.4% (122880/523264) finish=0.3min speed=40960K/sec
 * </pre>
 *
 * <p>A requested pass starts on the array's own thread a moment later, so a caller that knows
 * one is due says so and this first waits (briefly) for it to show up.
 */
final class SyncProgress {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** How long a pass that is due may take to show up before we conclude it already ran. */
    private static final long START_NANOS = TimeUnit.SECONDS.toNanos(3);

    private final PrintStream err;
    private final boolean show;

    /** @param show draw the progress line (a terminal, no --quiet) */
    SyncProgress(PrintStream err, boolean show) {
        this.err = err;
        this.show = show;
    }

    /** Progress is drawn only for a person at a terminal. */
    static SyncProgress forInvocation(Invocation invocation, boolean quiet) {
        return new SyncProgress(invocation.err(), !quiet && System.console() != null);
    }

    /**
     * Returns once no pass runs on {@code device}, with its final status (the last check or
     * repair's mismatches).
     *
     * @param due a pass was just requested or is known to be starting
     */
    SyncStatus await(ArrayDevice device, boolean due) {
        long t0 = System.nanoTime();
        SyncStatus status = device.sync();
        while (due && !status.isRunning() && System.nanoTime() - t0 < START_NANOS) {
            LockSupport.parkNanos(POLL_NANOS / 4);
            status = device.sync();
        }
        long started = System.nanoTime();
        long lastDraw = 0;
        boolean drawn = false;
        while (status.isRunning()) {
            long now = System.nanoTime();
            if (show && now - lastDraw >= REDRAW_NANOS) {
                err.print("\r" + line(status, now - started));
                err.flush();
                lastDraw = now;
                drawn = true;
            }
            LockSupport.parkNanos(POLL_NANOS);
            status = device.sync();
        }
        if (drawn) {
            err.print("\r" + " ".repeat(78) + "\r");
            err.flush();
        }
        return status;
    }

    /** One mdstat progress line: bar, percent with one decimal, KiB done/total, finish time, speed. */
    static String line(SyncStatus status, long elapsedNanos) {
        long total = Math.max(1, status.totalBytes());
        long permille = Math.min(1000, status.doneBytes() * 1000 / total);
        int filled = (int) (permille / 50);
        String bar = "[" + "=".repeat(filled) + ">" + ".".repeat(20 - filled) + "]";
        double seconds = Math.max(1e-3, elapsedNanos / 1e9);
        long speedKiB = (long) (status.doneBytes() / 1024 / seconds);
        double finishMin = speedKiB == 0 ? 0 : (status.totalBytes() - status.doneBytes()) / 1024.0 / speedKiB / 60;
        String action = status.action().equals("repair") ? "resync" : status.action();
        return String.format(Locale.ROOT, "      %s  %s =%3d.%d%% (%d/%d) finish=%.1fmin speed=%dK/sec", bar, action,
                permille / 10, permille % 10, status.doneBytes() / 1024, status.totalBytes() / 1024, finishMin, speedKiB);
    }
}
