package org.orion.harness;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.harness.config.ArraySpec;
import org.orion.harness.config.OrionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arrays a running kernel serves: assembled (or created on first start) from the
 * {@code [[arrays]]} of the configuration, looked up by name, stopped cleanly. Thread-safe: starting
 * and stopping take this object's lock; lookups read an immutable snapshot and never wait, because
 * they are made from threads a stop may be waiting for (a ring thread publishing an event, an
 * array's management thread asking the spare pool).
 */
public final class ArrayHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArrayHost.class);

    /** A running array and the device names it was built from. */
    public record Running(ArraySpec spec, ArrayDevice device, List<String> members, List<String> spares) {
    }

    private final Kernel kernel;
    private final ArrayService raid;
    private final Map<String, Running> arrays = new LinkedHashMap<>();
    /** A copy of {@link #arrays} for lock-free lookups, replaced whenever it changes. */
    private volatile Map<String, Running> view = Map.of();

    public ArrayHost(Kernel kernel) {
        this.kernel = kernel;
        this.raid = kernel.services(ArrayService.class).stream().findFirst()
                .orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND,
                        "no RAID driver is loaded: rebuild with 'mvn -DskipTests install' so raid-driver is on the class path"));
    }

    /** Starts every configured array: assembles it, or creates it when none of its devices has a superblock yet. */
    public synchronized void startConfigured(OrionConfig config) {
        for (ArraySpec spec : config.arrays()) {
            start(spec, config);
        }
    }

    private void start(ArraySpec spec, OrionConfig config) {
        List<BlockDevice> devices = new ArrayList<>();
        for (String name : spec.members()) {
            devices.add(device(name));
        }
        for (String name : spec.spares()) {
            devices.add(device(name));
        }
        boolean anySuperblock = devices.stream().anyMatch(this::hasSuperblock);
        ArrayDevice array;
        if (!anySuperblock && spec.create() == ArraySpec.CreatePolicy.ON_FIRST_START) {
            LOG.info("{}: no member carries a superblock yet: creating raid{} over {} members and {} spare(s)",
                    spec.name(), spec.level(), spec.members().size(), spec.spares().size());
            array = raid.create(new CreateRequest(spec.name(), hostName(), spec.level(),
                    spec.layout().isEmpty() ? null : spec.layout(), (int) spec.chunkBytes(), spec.members().size(),
                    spec.spares().size(), 0, false, false), devices);
        } else {
            AssemblyCandidates candidates = AssemblyCandidates.of(spec, config, raid, this::device);
            array = assembleAsAScanWould(spec, candidates);
            array.status().notes().forEach(n -> LOG.warn("{}: {}", spec.name(), n));
            candidates.notes().forEach(n -> LOG.warn("{}: {}", spec.name(), n));
            for (BlockDevice blank : candidates.blankSpares()) {
                // A spare listed after the array was created: md's --add makes it a spare (or rebuilds
                // a missing slot with it).
                LOG.info("{}: {} carries no superblock yet: adding it", spec.name(), blank.info().name());
                array.addMember(blank);
            }
        }
        arrays.put(spec.name(), new Running(spec, array, spec.members(), spec.spares()));
        view = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        LOG.info("{}: running: {} {}, {} bytes, state {}", spec.name(), array.status().levelName(),
                array.status().layoutName(), array.info().capacityBytes(), array.status().state());
    }

    /**
     * A kernel starting up is a scan, not a person: it never insists (no --run, no --force). What
     * mdadm would refuse, it refuses too, and says how to start the array by hand.
     */
    private ArrayDevice assembleAsAScanWould(ArraySpec spec, AssemblyCandidates candidates) {
        try {
            return raid.assemble(new AssembleRequest(spec.name(), false, false, false), candidates.devices());
        } catch (OrionException e) {
            if (e.code() != ErrorCode.UNSAFE) {
                throw e;
            }
            throw new OrionException(ErrorCode.UNSAFE, e.getMessage() + ". orion serve starts an array only when"
                    + " mdadm --assemble would without options: bring the missing member back, or, if it is lost,"
                    + " start it degraded once by hand ('orion --assemble --scan " + spec.name() + " --run', with --force"
                    + " if the message asks for it) and start orion serve again");
        }
    }

    private boolean hasSuperblock(BlockDevice device) {
        try {
            raid.examine(device, "brief");
            return true;
        } catch (OrionException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    BlockDevice device(String name) {
        return kernel.devices().find(name).orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND,
                "array member " + name + " is not a device the kernel knows: check [[controllers]] in the configuration"));
    }

    public List<Running> running() {
        return List.copyOf(view.values());
    }

    public Optional<Running> find(String name) {
        return Optional.ofNullable(view.get(name));
    }

    public Running require(String name) {
        Map<String, Running> now = view;
        Running r = now.get(name);
        if (r == null) {
            throw new OrionException(ErrorCode.NOT_FOUND, "no array named " + name + " is running (running: "
                    + String.join(", ", now.keySet()) + ")");
        }
        return r;
    }

    /**
     * Slot of {@code member} (a device name or a slot number) in a running array. Names are looked up
     * among the members the array has now (a spare that took a slot, from the array or the pool,
     * is named by its own device name), then among the configured members.
     */
    public static int slotOf(Running array, String member) {
        for (org.orion.driver.api.array.MemberStatus m : array.device().status().members()) {
            if (m.name().equals(member)) {
                return m.slot();
            }
        }
        int slot = array.members().indexOf(member);
        if (slot >= 0) {
            return slot;
        }
        try {
            int number = Integer.parseInt(member);
            if (number >= 0 && number < array.members().size()) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // not a number: fall through to the error
        }
        throw new OrionException(ErrorCode.NOT_FOUND, member + " is not a member of " + array.spec().name()
                + " (members: " + String.join(", ", array.members()) + ")");
    }

    /**
     * A device for {@code name}: a disk the kernel knows ({@code controller/disk}), else a path opened
     * through the {@link org.orion.driver.api.spi.DeviceOpener}s on the class path (exclusively).
     */
    public BlockDevice openDevice(String name) {
        Optional<BlockDevice> known = kernel.devices().find(name);
        if (known.isPresent()) {
            return known.get();
        }
        for (org.orion.driver.api.spi.DeviceOpener opener
                : java.util.ServiceLoader.load(org.orion.driver.api.spi.DeviceOpener.class, ArrayHost.class.getClassLoader())) {
            Optional<BlockDevice> opened = opener.open(java.nio.file.Path.of(name), true, false);
            if (opened.isPresent()) {
                return opened.get();
            }
        }
        throw new OrionException(ErrorCode.NOT_FOUND, name + " is neither a disk the kernel knows nor a path it can open");
    }

    /** Stops one array cleanly and forgets it; monitors hear DeviceDisappeared, as mdadm's do. */
    public synchronized void stop(String name) {
        stop(name, true);
    }

    /**
     * @param announce raise DeviceDisappeared; not when the whole kernel stops, because the monitors
     *                 stop with it (as mdadm --monitor dies before the arrays at shutdown)
     */
    private void stop(String name, boolean announce) {
        Running r = require(name);
        r.device().stop();
        arrays.remove(name);
        view = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        LOG.info("{}: stopped cleanly", name);
        if (!announce) {
            return;
        }
        kernel.events().publish(new org.orion.driver.api.event.DriverEvent.DeviceDisappeared(kernel.clock().nanoTime(),
                name, "array stopped"));
    }

    /** Stops every array cleanly (members stay open for the kernel to close). */
    @Override
    public synchronized void close() {
        for (String name : new ArrayList<>(arrays.keySet())) {
            try {
                stop(name, false);
            } catch (RuntimeException e) {
                LOG.error("{}: clean stop failed: {}", name, e.toString());
            }
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
