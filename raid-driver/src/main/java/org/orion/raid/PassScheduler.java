package org.orion.raid;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the periodic passes orion.toml asks for: a {@code check} of every array each
 * {@code parity_check_interval}, a {@code repair} (scrub) each {@code scrub_interval}; 0 turns one
 * off. An array already running a pass is left alone until the next round. One daemon thread.
 */
final class PassScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PassScheduler.class);

    private final List<ArrayDevice> arrays = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "orion-pass-scheduler");
        t.setDaemon(true);
        return t;
    });

    PassScheduler(long checkIntervalSeconds, long scrubIntervalSeconds) {
        if (checkIntervalSeconds > 0) {
            timer.scheduleAtFixedRate(() -> runAll("check"), checkIntervalSeconds, checkIntervalSeconds, TimeUnit.SECONDS);
        }
        if (scrubIntervalSeconds > 0) {
            timer.scheduleAtFixedRate(() -> runAll("repair"), scrubIntervalSeconds, scrubIntervalSeconds, TimeUnit.SECONDS);
        }
    }

    void watch(ArrayDevice array) {
        arrays.add(array);
    }

    void forget(ArrayDevice array) {
        arrays.remove(array);
    }

    private void runAll(String action) {
        for (ArrayDevice array : arrays) {
            if (array.sync().isRunning()) {
                continue;
            }
            try {
                array.startSync(action);
                LOG.info("{}: scheduled {} started", array.info().name(), action);
            } catch (OrionException e) {
                LOG.info("{}: scheduled {} skipped: {}", array.info().name(), action, e.getMessage());
            } catch (RuntimeException e) {
                // A periodic task that throws is cancelled for good: log and keep the schedule alive.
                LOG.error("{}: scheduled {} failed", array.info().name(), action, e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
