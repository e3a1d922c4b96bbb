package org.orion.hw.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.orion.driver.api.hw.ControllerIdentity;
import org.orion.driver.api.hw.StorageController;
import org.orion.driver.api.hw.Transport;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.media.HeapMedia;
import org.orion.hw.sim.media.Media;
import org.orion.hw.sim.media.SparseFileMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated host adapter with its disks. The {@link SimPersonality} decides what it claims to be
 * (transport, identities, queue depth, largest transfer); the {@link LatencyModel} decides how long
 * requests take, measured on the given clock.
 *
 * <p>Time: on a {@link ManualClock} completions run only when the clock moves (or on
 * {@link #runDue()}), on the thread moving it, so a seeded simulation replays exactly. On any other
 * clock one timer thread per controller delivers them. With {@link LatencyModel#ZERO} no timer is
 * used at all: requests complete inside {@code submit}.
 */
public final class SimController implements StorageController {
    private static final Logger LOG = LoggerFactory.getLogger(SimController.class);
    /** The largest queue any real transport offers (NVMe allows 65536 entries per queue). */
    public static final int MAX_QUEUE_DEPTH = 65_536;

    private final String name;
    private final SimPersonality personality;
    private final NanoClock clock;
    private final LatencyModel latency;
    private final int queueDepth;
    private final CompletionScheduler scheduler;
    /** Set once by {@link #create} after every disk opened; immutable, so readers need no lock. */
    private volatile List<SimDisk> disks = List.of();

    private SimController(String name, SimPersonality personality, NanoClock clock, LatencyModel latency,
                          int queueDepth) {
        this.name = name;
        this.personality = personality;
        this.clock = clock;
        this.latency = latency;
        this.queueDepth = queueDepth;
        this.scheduler = CompletionScheduler.create(name, clock);
    }

    /** A controller with the personality's default queue depth. */
    public static SimController create(String name, SimPersonality personality, NanoClock clock, LatencyModel latency,
                                       List<SimDiskSpec> disks) {
        Objects.requireNonNull(personality, "personality");
        return create(name, personality, clock, latency, disks, personality.defaultQueueDepth());
    }

    /**
     * A controller with its disks opened (sparse files created or reused).
     *
     * @param queueDepth commands kept in flight per disk, 1 to {@value #MAX_QUEUE_DEPTH}
     * @throws IllegalArgumentException for a bad name, queue depth, or duplicate disk name or file
     * @throws org.orion.driver.api.OrionException if a backing file cannot be used (its size differs,
     *         it is in use, its directory is missing)
     */
    public static SimController create(String name, SimPersonality personality, NanoClock clock, LatencyModel latency,
                                       List<SimDiskSpec> disks, int queueDepth) {
        Objects.requireNonNull(name, "controller name");
        Objects.requireNonNull(personality, "personality");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(latency, "latency (use LatencyModel.ZERO for none)");
        Objects.requireNonNull(disks, "disks");
        if (name.isBlank() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("simulated controller name '" + name
                    + "' is empty or contains '/': use a simple name such as sata0");
        }
        if (queueDepth < 1 || queueDepth > MAX_QUEUE_DEPTH) {
            throw new IllegalArgumentException("simulated controller " + name + ": queue depth " + queueDepth
                    + " must be between 1 and " + MAX_QUEUE_DEPTH);
        }
        checkDistinct(name, disks);
        SimController controller = new SimController(name, personality, clock, latency, queueDepth);
        List<SimDisk> opened = new ArrayList<>();
        boolean ok = false;
        try {
            for (SimDiskSpec spec : disks) {
                opened.add(new SimDisk(controller, spec, openMedia(name, spec), queueDepth));
            }
            ok = true;
        } finally {
            if (!ok) {
                opened.forEach(SimDisk::close);
                controller.scheduler.close();
            }
        }
        controller.disks = List.copyOf(opened);
        LOG.info("{}: simulated {} controller with {} disk(s), queue depth {}, latency {}", name,
                personality.configName(), disks.size(), queueDepth, latency.isZero() ? "none" : latency);
        return controller;
    }

    private static void checkDistinct(String controllerName, List<SimDiskSpec> disks) {
        Map<String, Integer> names = new HashMap<>();
        Map<Path, String> files = new HashMap<>();
        for (int port = 0; port < disks.size(); port++) {
            SimDiskSpec spec = Objects.requireNonNull(disks.get(port), "disk spec at port " + port);
            Integer other = names.putIfAbsent(spec.name(), port);
            if (other != null) {
                throw new IllegalArgumentException("simulated controller " + controllerName + ": ports " + other
                        + " and " + port + " are both named " + spec.name() + ": give every disk its own name");
            }
            if (spec.backingFile() != null) {
                Path file = spec.backingFile().toAbsolutePath().normalize();
                String otherDisk = files.putIfAbsent(file, spec.name());
                if (otherDisk != null) {
                    throw new IllegalArgumentException("simulated controller " + controllerName + ": disks "
                            + otherDisk + " and " + spec.name() + " both use backing file " + file
                            + ": give every disk its own file");
                }
            }
        }
    }

    private static Media openMedia(String controllerName, SimDiskSpec spec) {
        String diskName = controllerName + "/" + spec.name();
        return spec.isHeap() ? new HeapMedia(spec.capacityBytes())
                : SparseFileMedia.open(spec.backingFile(), spec.capacityBytes(), diskName);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Transport transport() {
        return personality.transport();
    }

    @Override
    public ControllerIdentity identity() {
        return personality.controllerIdentity();
    }

    @Override
    public int queueDepth() {
        return queueDepth;
    }

    /** The disks in port order. */
    @Override
    public List<SimDisk> disks() {
        return disks;
    }

    /** The disk at {@code port} (0-based, in the order the specs were given). */
    public SimDisk disk(int port) {
        if (port < 0 || port >= disks.size()) {
            throw new IllegalArgumentException("simulated controller " + name + " has no port " + port
                    + ": ports are 0 to " + (disks.size() - 1));
        }
        return disks.get(port);
    }

    public SimPersonality personality() {
        return personality;
    }

    public NanoClock clock() {
        return clock;
    }

    public LatencyModel latency() {
        return latency;
    }

    /** The timer that delivers this controller's delayed completions; fault injectors may share it. */
    public CompletionScheduler scheduler() {
        return scheduler;
    }

    /**
     * Runs the completions that are due on this controller's clock, on the calling thread, and
     * returns how many ran. A manual clock's {@code advance} does this already; this is for loops that
     * set the time some other way, or want the completions due at the current time.
     */
    public int runDue() {
        return scheduler.runDue();
    }

    /** Closes every disk (queued requests abort; nothing is flushed) and stops the timer. Idempotent. */
    @Override
    public void close() {
        for (SimDisk disk : disks) {
            disk.close();
        }
        scheduler.close();
    }

    @Override
    public String toString() {
        return "SimController[" + name + ", " + personality.configName() + ", " + disks.size() + " disk(s)]";
    }
}
