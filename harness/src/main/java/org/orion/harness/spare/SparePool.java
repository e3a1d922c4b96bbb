package org.orion.harness.spare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.hw.PhysicalDisk;
import org.orion.harness.ArrayHost;
import org.orion.harness.Kernel;
import org.orion.harness.config.OrionConfig;
import org.orion.harness.config.SpareSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's spare pool: global spares ({@code [spares] pool}), spares reserved for a spare group
 * ({@code [[spare_groups]]}), and the idle spares arrays of one spare group lend each other
 * (mdadm --monitor's MoveSpare). Each running array asks it, through the API's
 * {@link org.orion.driver.api.array.SpareProvider}, when a member failed and none of its own spares
 * fits; the pool picks a disk ({@link SpareChoice}), and hands it over with
 * {@code ArrayDevice.addMember} (after {@code removeSpare} on the lending array). When nothing
 * fits it raises a SpareNotUsed per disk passed over, naming the reason, and the array adds "no
 * spare left". It also raises SparesMissing when an array's idle spares drop below the number its
 * configuration lists.
 *
 * <p>Threads: arrays call {@link #spareWanted} on their own management thread; the decision is
 * made there under this pool's lock (it reads statuses only, never waits for an array). Handing a
 * disk over and the spare-count checks run on the pool's one thread, {@code orion-spares}.
 */
public final class SparePool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparePool.class);
    /** MoveSpare's "from" for a disk that came from the pool rather than from another array. */
    public static final String FROM_POOL = "pool";

    private final Kernel kernel;
    private final ArrayHost host;
    private final SpareSettings settings;
    private final boolean autoAllocate;
    private final EventSink events;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "orion-spares");
        t.setDaemon(true);
        return t;
    });
    /** Disks chosen but not yet handed over: no second decision may pick them. Guarded by this. */
    private final Set<String> inFlight = new HashSet<>();
    /** Idle spares each array had when last looked at, for SparesMissing on change. Pool thread only. */
    private final Map<String, Integer> lastSpareCount = new HashMap<>();
    private final EventSink watcher = this::onEvent;
    private volatile boolean closed;

    private SparePool(Kernel kernel, ArrayHost host, OrionConfig config) {
        this.kernel = kernel;
        this.host = host;
        this.settings = config.spares();
        this.autoAllocate = config.raid().hotSpareAutoAllocate();
        this.events = kernel.events();
    }

    /**
     * Serves the arrays {@code host} runs now: installs itself as their spare provider, remembers
     * their spare counts, and gives a pool disk to any array that is already degraded with no spare
     * and no rebuild (an array assembled degraded).
     */
    public static SparePool start(Kernel kernel, ArrayHost host, OrionConfig config) {
        SparePool pool = new SparePool(kernel, host, config);
        for (ArrayHost.Running r : host.running()) {
            r.device().spareProvider((array, slot, minimumBytes) -> pool.spareWanted(array, slot, minimumBytes));
            pool.lastSpareCount.put(r.spec().name(), r.device().status().spares().size());
        }
        kernel.events().subscribe(pool.watcher);
        if (pool.autoAllocate) {
            pool.thread.execute(pool::fillDegradedArrays);
        }
        LOG.info("spare pool: {} disk(s) free of {} configured, {} spare group(s)", pool.freeDisks().size(),
                pool.settings.allPoolDisks().size(), pool.settings.groups().size());
        return pool;
    }

    /** Pool disks no array holds and no hand-over has claimed, in the order they are given out. */
    public synchronized List<String> freeDisks() {
        Set<String> used = disksInArrays();
        List<String> free = new ArrayList<>();
        for (String disk : settings.allPoolDisks()) {
            if (!used.contains(disk) && !inFlight.contains(disk) && kernel.devices().find(disk).isPresent()) {
                free.add(disk);
            }
        }
        return free;
    }

    /** The {@link org.orion.driver.api.array.SpareProvider} of every array: see the class comment. */
    boolean spareWanted(String array, int slot, long minimumBytes) {
        if (closed) {
            return false;
        }
        Optional<ArrayHost.Running> target = host.find(array);
        if (target.isEmpty()) {
            return false;
        }
        SpareChoice.Decision decision;
        synchronized (this) {
            decision = SpareChoice.choose(array, target.get().spec().spareGroup(), minimumBytes, candidates(array));
            decision.chosen().ifPresent(c -> inFlight.add(c.disk()));
        }
        if (decision.chosen().isEmpty()) {
            decision.refusals().forEach(r -> events.publish(new DriverEvent.SpareNotUsed(kernel.clock().nanoTime(),
                    array, r.disk(), r.reason())));
            return false;
        }
        SpareChoice.Candidate chosen = decision.chosen().get();
        LOG.info("{}: slot {} gets {} from {}", array, slot, chosen.disk(), chosen.heldBy().orElse("the pool"));
        thread.execute(() -> handOver(target.get(), chosen));
        return true;
    }

    /** Pool thread: moves the chosen disk into the array; on failure says why and puts it back. */
    private void handOver(ArrayHost.Running target, SpareChoice.Candidate chosen) {
        String array = target.spec().name();
        BlockDevice device = null;
        Optional<ArrayHost.Running> lender = chosen.heldBy().flatMap(host::find);
        try {
            if (chosen.heldBy().isPresent()) {
                device = lender.orElseThrow(() -> new OrionException(org.orion.driver.api.ErrorCode.NOT_FOUND,
                        chosen.heldBy().get() + " is no longer running")).device().removeSpare(chosen.disk());
            } else {
                device = kernel.devices().find(chosen.disk()).orElseThrow(() -> new OrionException(
                        org.orion.driver.api.ErrorCode.NOT_FOUND, chosen.disk() + " is no longer attached"));
            }
            events.publish(new DriverEvent.MoveSpare(kernel.clock().nanoTime(), array, chosen.disk(),
                    chosen.heldBy().orElse(FROM_POOL)));
            target.device().addMember(device);
        } catch (OrionException e) {
            LOG.warn("{}: handing {} over failed: {}", array, chosen.disk(), e.getMessage());
            events.publish(new DriverEvent.SpareNotUsed(kernel.clock().nanoTime(), array, chosen.disk(),
                    "could not be handed over: " + e.getMessage()));
            if (device != null && lender.isPresent()) {
                giveBack(lender.get(), device);
            }
        } finally {
            synchronized (this) {
                inFlight.remove(chosen.disk());
            }
        }
    }

    private void giveBack(ArrayHost.Running lender, BlockDevice device) {
        try {
            lender.device().addMember(device);
        } catch (OrionException e) {
            LOG.error("{}: {} could not be given back as a spare either: {}", lender.spec().name(),
                    device.info().name(), e.getMessage());
        }
    }

    /** Every disk that could take a slot of {@code array}: free pool disks and other arrays' idle spares. */
    private List<SpareChoice.Candidate> candidates(String array) {
        List<SpareChoice.Candidate> out = new ArrayList<>();
        Set<String> used = disksInArrays();
        for (String disk : settings.allPoolDisks()) {
            if (used.contains(disk) || inFlight.contains(disk)) {
                continue;
            }
            kernel.devices().find(disk).ifPresent(d -> out.add(SpareChoice.Candidate.pool(disk,
                    d.info().capacityBytes(), healthy(d), settings.groupOf(disk))));
        }
        for (ArrayHost.Running other : host.running()) {
            if (other.spec().name().equals(array)) {
                continue;
            }
            for (String spare : other.device().status().spares()) {
                if (inFlight.contains(spare)) {
                    continue;
                }
                kernel.devices().find(spare).ifPresent(d -> out.add(SpareChoice.Candidate.heldBy(spare,
                        d.info().capacityBytes(), healthy(d), other.spec().name(), other.spec().spareGroup())));
            }
        }
        return out;
    }

    private Set<String> disksInArrays() {
        Set<String> used = new LinkedHashSet<>();
        for (ArrayHost.Running r : host.running()) {
            ArrayStatus status = r.device().status();
            status.members().forEach(m -> used.add(m.name()));
            used.addAll(status.spares());
            status.rebuilding().forEach(m -> used.add(m.name()));
        }
        return used;
    }

    private static boolean healthy(BlockDevice device) {
        return !(device instanceof PhysicalDisk disk) || disk.health().passed();
    }

    /** Pool thread, at start: an array assembled degraded, with no spare and no rebuild, gets a pool disk. */
    private void fillDegradedArrays() {
        for (ArrayHost.Running r : host.running()) {
            ArrayStatus status = r.device().status();
            Optional<MemberStatus> empty = status.members().stream().filter(m -> !m.state().equals("in_sync"))
                    .findFirst();
            if (empty.isEmpty() || status.state().equals("failed") || !status.rebuilding().isEmpty()
                    || !status.spares().isEmpty() || r.device().sync().action().equals("recover")) {
                continue;
            }
            spareWanted(r.spec().name(), empty.get().slot(), r.device().minimumMemberBytes());
        }
    }

    /**
     * Any thread (a ring thread too): an event about an array may mean its spare count changed (a
     * spare went into a rebuild, moved away, or was added); the pool thread looks. Only enqueues.
     */
    private void onEvent(DriverEvent event) {
        if (closed || event instanceof DriverEvent.SparesMissing || event instanceof DriverEvent.RebuildProgress) {
            return;
        }
        List<String> arrays = event instanceof DriverEvent.MoveSpare move && !move.fromArray().equals(FROM_POOL)
                ? List.of(event.subject(), move.fromArray()) : List.of(event.subject());
        for (String array : arrays) {
            try {
                thread.execute(() -> checkSpares(array));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return; // closing
            }
        }
    }

    /** Pool thread: SparesMissing when an array's idle spares changed and are fewer than configured. */
    private void checkSpares(String array) {
        Optional<ArrayHost.Running> running = host.find(array);
        if (running.isEmpty()) {
            return;
        }
        int expected = running.get().spec().spares().size();
        int present = running.get().device().status().spares().size();
        Integer before = lastSpareCount.put(array, present);
        if (before != null && before != present && present < expected) {
            events.publish(new DriverEvent.SparesMissing(kernel.clock().nanoTime(), array, expected, present));
        }
    }

    /** Stops taking requests; hand-overs already started finish (up to 30 s). */
    @Override
    public void close() {
        closed = true;
        kernel.events().unsubscribe(watcher);
        for (ArrayHost.Running r : host.running()) {
            r.device().spareProvider(null);
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("spare pool: a hand-over did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
