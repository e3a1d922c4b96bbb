package org.orion.hw.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.orion.driver.api.time.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks when simulated time reaches their due time: the timer behind simulated latency and
 * injected delays. Tasks run in due-time order, ties in scheduling order, so a simulation with the
 * same inputs runs its completions in the same order every time.
 *
 * <h2>Two ways to run</h2>
 * <ul>
 *   <li>On a {@link ManualClock}: nothing runs by itself. Moving the clock steps through the due
 *       times of pending tasks and runs each task with the clock at its due time, on the thread that
 *       moved the clock; {@link #runDue()} runs what is due at the current time. Deterministic.</li>
 *   <li>On any other clock: one daemon thread, started at the first {@link #schedule}, sleeps on a
 *       condition until the earliest due time and runs due tasks. It never spins; it re-reads the
 *       clock at least every {@value #MAX_WAIT_MILLIS} ms, so a clock other than the system clock
 *       still moves things along.</li>
 * </ul>
 *
 * <p>Tasks are caller-owned, pre-allocated objects and the queue is an array heap, so scheduling
 * allocates nothing once the heap has grown to the largest number of pending tasks. A task must not
 * be scheduled again before it has run or been cancelled.
 */
public final class CompletionScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CompletionScheduler.class);
    private static final long MAX_WAIT_MILLIS = 10;
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
    private static final int INITIAL_CAPACITY = 64;

    /** Something to run at a simulated time. */
    public interface Task {
        /** The due time has come. Runs on the scheduler's thread, or on the thread moving a manual clock. */
        void runDue();

        /** Runs instead of {@link #runDue()} when the task is cancelled or the scheduler closes. */
        void cancelled();
    }

    private final String name;
    private final NanoClock clock;
    private final ManualClock manualClock;
    private final ManualClock.Listener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Task[] tasks = new Task[INITIAL_CAPACITY];
    private long[] dueNanos = new long[INITIAL_CAPACITY];
    private long[] order = new long[INITIAL_CAPACITY];
    private int size;
    private long nextOrder;
    private boolean closed;
    private Thread thread;

    private CompletionScheduler(String name, NanoClock clock) {
        this.name = name;
        this.clock = clock;
        this.manualClock = clock instanceof ManualClock ? (ManualClock) clock : null;
        this.listener = manualClock == null ? null : new ManualClock.Listener() {
            @Override
            public void timeAdvanced(long nowNanos) {
                runDue();
            }

            @Override
            public long nextDueNanos() {
                return CompletionScheduler.this.nextDueNanos();
            }
        };
        if (manualClock != null) {
            manualClock.addListener(listener);
        }
    }

    /** A scheduler on {@code clock}: manual if it is a {@link ManualClock}, else with its own thread. */
    public static CompletionScheduler create(String name, NanoClock clock) {
        return new CompletionScheduler(Objects.requireNonNull(name, "name"), Objects.requireNonNull(clock, "clock"));
    }

    public NanoClock clock() {
        return clock;
    }

    /** True if tasks run only when a {@link ManualClock} moves (or {@link #runDue()} is called). */
    public boolean isManual() {
        return manualClock != null;
    }

    /** The due time of the earliest pending task, or {@link Long#MAX_VALUE} if none. */
    public long nextDueNanos() {
        lock.lock();
        try {
            return size == 0 ? Long.MAX_VALUE : dueNanos[0];
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting for their time. */
    public int pending() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code task} once the clock reaches {@code atNanos}. On a closed scheduler the task is
     * cancelled at once, on the caller's thread.
     */
    public void schedule(Task task, long atNanos) {
        boolean refused;
        lock.lock();
        try {
            refused = closed;
            if (!refused) {
                if (size == tasks.length) {
                    grow();
                }
                siftUp(size++, task, atNanos, nextOrder++);
                if (manualClock == null) {
                    if (thread == null) {
                        startThread();
                    } else if (tasks[0] == task) {
                        changed.signal();
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (refused) {
            task.cancelled();
        }
    }

    /** Runs every task that is due now (and any that become due while running), on this thread. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Task task;
            lock.lock();
            try {
                if (size == 0 || dueNanos[0] > clock.nanoTime()) {
                    return ran;
                }
                task = removeFirst();
            } finally {
                lock.unlock();
            }
            runSafely(task);
            ran++;
        }
    }

    /** Removes every pending task {@code which} accepts and runs its {@link Task#cancelled()}. */
    public int cancelIf(Predicate<? super Task> which) {
        List<Task> removed = new ArrayList<>();
        lock.lock();
        try {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (which.test(tasks[i])) {
                    removed.add(tasks[i]);
                } else {
                    tasks[kept] = tasks[i];
                    dueNanos[kept] = dueNanos[i];
                    order[kept] = order[i];
                    kept++;
                }
            }
            Arrays.fill(tasks, kept, size, null);
            size = kept;
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i, tasks[i], dueNanos[i], order[i]);
            }
        } finally {
            lock.unlock();
        }
        for (Task task : removed) {
            task.cancelled();
        }
        return removed.size();
    }

    /** Stops the thread (waiting for a running task) and cancels every pending task. Idempotent. */
    @Override
    public void close() {
        Thread worker;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            worker = thread;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (manualClock != null) {
            manualClock.removeListener(listener);
        }
        if (worker != null && worker != Thread.currentThread()) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cancelIf(task -> true);
    }

    private void startThread() {
        thread = new Thread(this::loop, "orion-sim-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        lock.lock();
        try {
            while (!closed) {
                if (size == 0) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                long waitNanos = dueNanos[0] - clock.nanoTime();
                if (waitNanos > 0) {
                    changed.awaitNanos(Math.min(waitNanos, MAX_WAIT_NANOS));
                    continue;
                }
                Task task = removeFirst();
                lock.unlock();
                try {
                    runSafely(task);
                } finally {
                    lock.lock();
                }
            }
        } catch (InterruptedException e) {
            LOG.warn("simulated hardware timer {} interrupted; pending completions run at close", name);
        } finally {
            lock.unlock();
        }
    }

    private void runSafely(Task task) {
        try {
            task.runDue();
        } catch (RuntimeException | Error e) {
            // A task is responsible for completing its request; one that throws is a bug, not a reason
            // to stop every other disk's completions.
            LOG.error("simulated hardware timer {}: task {} failed", name, task, e);
        }
    }

    private Task removeFirst() {
        Task first = tasks[0];
        int last = --size;
        Task moved = tasks[last];
        long movedDue = dueNanos[last];
        long movedOrder = order[last];
        tasks[last] = null;
        if (last > 0) {
            siftDown(0, moved, movedDue, movedOrder);
        }
        return first;
    }

    private static boolean before(long dueA, long orderA, long dueB, long orderB) {
        return dueA < dueB || (dueA == dueB && orderA < orderB);
    }

    private void siftUp(int index, Task task, long due, long ord) {
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(due, ord, dueNanos[parent], order[parent])) {
                break;
            }
            place(index, tasks[parent], dueNanos[parent], order[parent]);
            index = parent;
        }
        place(index, task, due, ord);
    }

    private void siftDown(int index, Task task, long due, long ord) {
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && before(dueNanos[right], order[right], dueNanos[child], order[child])) {
                child = right;
            }
            if (!before(dueNanos[child], order[child], due, ord)) {
                break;
            }
            place(index, tasks[child], dueNanos[child], order[child]);
            index = child;
        }
        place(index, task, due, ord);
    }

    private void place(int index, Task task, long due, long ord) {
        tasks[index] = task;
        dueNanos[index] = due;
        order[index] = ord;
    }

    private void grow() {
        int capacity = tasks.length * 2;
        tasks = Arrays.copyOf(tasks, capacity);
        dueNanos = Arrays.copyOf(dueNanos, capacity);
        order = Arrays.copyOf(order, capacity);
    }

    @Override
    public String toString() {
        return "CompletionScheduler[" + name + (isManual() ? ", manual" : "") + ", pending=" + pending() + "]";
    }
}
