package org.orion.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoCompletion;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.raid.RaidOptions;
import org.orion.raid.assembly.ArrayCreator;
import org.orion.raid.assembly.CreateOptions;
import org.orion.raid.assembly.MdArray;

/**
 * What the rebuild and failover benchmarks share: {@code key=value} arguments, creating a persistent
 * array, waiting, sequential writes with a window of requests in flight, event timestamps, and
 * medians.
 */
final class RebuildBenchSupport {
    private RebuildBenchSupport() {
    }

    /** {@code key=value} command-line arguments with defaults. */
    static final class Args {
        private final Map<String, String> values = new HashMap<>();

        Args(String[] args) {
            for (String a : args) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("argument '" + a + "': write key=value, e.g. rounds=3");
                }
                values.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }

        int intValue(String key, int defaultValue) {
            return values.containsKey(key) ? Integer.parseInt(values.get(key)) : defaultValue;
        }

        long longValue(String key, long defaultValue) {
            return values.containsKey(key) ? Long.parseLong(values.get(key)) : defaultValue;
        }

        String string(String key, String defaultValue) {
            return values.getOrDefault(key, defaultValue);
        }
    }

    /** A new md array on {@code devices} ({@code raidDevices} slots, then spares), created clean. */
    static MdArray createArray(String name, List<BlockDevice> devices, int level, int chunkKiB, int raidDevices,
                               int spares, RaidOptions options, EventSink events) {
        CreateOptions create = new CreateOptions(name, "bench", level, null, chunkKiB, raidDevices, spares, 0, true,
                false);
        return MdArray.start(ArrayCreator.create(create, devices, 1L), false, options, events, NanoClock.system());
    }

    static void waitFor(BooleanSupplier condition, long timeoutSeconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Writes {@code [startBytes, startBytes + lengthBytes)} of {@code device} sequentially in
     * {@code requestBytes} pieces with {@code inFlight} requests outstanding, and waits for all.
     */
    static void writeSequential(BlockDevice device, long startBytes, long lengthBytes, int requestBytes,
                                int inFlight) {
        sequential(device, IoOp.WRITE, startBytes, lengthBytes, requestBytes, inFlight);
    }

    /** As {@link #writeSequential}, for {@code op} READ or WRITE. */
    static void sequential(BlockDevice device, IoOp op, long startBytes, long lengthBytes, int requestBytes,
                           int inFlight) {
        IoRequest[] requests = new IoRequest[inFlight];
        ByteBuffer[] buffers = new ByteBuffer[inFlight];
        for (int i = 0; i < inFlight; i++) {
            requests[i] = new IoRequest();
            buffers[i] = ByteBuffer.allocateDirect(requestBytes + 4096).alignedSlice(4096);
            for (int b = 0; b < requestBytes; b += 8) {
                buffers[i].putLong(b, 0x9E3779B97F4A7C15L * (b + 1) ^ i);
            }
        }
        AtomicInteger outstanding = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Thread waiter = Thread.currentThread();
        IoCompletion done = (request, status) -> {
            if (status != IoStatus.OK) {
                failures.incrementAndGet();
            }
            outstanding.decrementAndGet();
            LockSupport.unpark(waiter);
        };
        long next = startBytes;
        long end = startBytes + lengthBytes;
        while (next < end) {
            // A request is free again once its completion has started (isCompleted() is set first).
            int slot = -1;
            for (int i = 0; i < inFlight && slot < 0; i++) {
                if (requests[i].isCompleted()) {
                    slot = i;
                }
            }
            if (slot < 0) {
                LockSupport.parkNanos(50_000);
                continue;
            }
            int length = (int) Math.min(requestBytes, end - next);
            IoRequest r = requests[slot].set(op, next, length, buffers[slot], 0, 0, done);
            outstanding.incrementAndGet();
            IoStatus accepted;
            while ((accepted = device.submit(r)) == IoStatus.BUSY) {
                LockSupport.parkNanos(20_000);
            }
            if (accepted != IoStatus.OK) {
                throw new IllegalStateException(device.info().name() + ": " + op + " at " + next + " refused: " + accepted);
            }
            next += length;
        }
        while (outstanding.get() > 0) {
            LockSupport.parkNanos(50_000);
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(device.info().name() + ": " + failures.get() + " " + op + "(s) failed");
        }
    }

    /** Remembers when the events a benchmark cares about arrived (their own timestamps). */
    static final class EventTimes implements EventSink {
        volatile long memberFailedNanos;
        volatile long rebuildStartedNanos;
        volatile long rebuildFinishedNanos;
        volatile boolean rebuildCompleted;
        volatile int rebuildsFinished;
        volatile int spareNotUsed;

        @Override
        public void publish(DriverEvent event) {
            if (event instanceof DriverEvent.MemberFailed e) {
                memberFailedNanos = e.atNanos();
            } else if (event instanceof DriverEvent.RebuildStarted e && e.action().equals("recovery")) {
                rebuildStartedNanos = e.atNanos();
            } else if (event instanceof DriverEvent.RebuildFinished e && e.action().equals("recovery")) {
                rebuildCompleted = e.completed();
                rebuildFinishedNanos = e.atNanos();
                rebuildsFinished++;
            } else if (event instanceof DriverEvent.SpareNotUsed) {
                spareNotUsed++;
            }
        }

        void reset() {
            memberFailedNanos = 0;
            rebuildStartedNanos = 0;
            rebuildFinishedNanos = 0;
            rebuildCompleted = false;
        }
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
