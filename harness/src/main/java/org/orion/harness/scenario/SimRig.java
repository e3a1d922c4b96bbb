package org.orion.harness.scenario;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.sim.CompletionScheduler;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.ManualClock;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.hw.sim.fault.Fault;
import org.orion.hw.sim.fault.FaultPlan;
import org.orion.hw.sim.fault.FaultyBlockDevice;
import org.orion.hw.sim.fault.Trigger;

/**
 * The simulated hardware of one run and the array on it. Each disk is a heap {@link SimDisk} on a
 * controller driven by the environment's manual clock, wrapped by a {@link FaultyBlockDevice} and,
 * outermost, a {@link DiskSocket}; the array only ever sees the sockets.
 *
 * <h2>When faults strike</h2>
 * Faults the fault injector carries (fail-stop, latent sector errors, timeouts) are armed with
 * {@link Trigger.AtTime} triggers on a clock of their own, the <em>step clock</em>, which reads the
 * number of schedule steps applied so far: step {@code k}'s faults fire at the first request the
 * disk sees after the runner applies step {@code k} ({@link #strike(int)}). That makes "at operation
 * N" exact whatever the array's background work does meanwhile. The other faults (pull, slowness,
 * corruption, power loss) are applied directly here.
 *
 * <p>Used by the runner's thread only.
 */
final class SimRig implements AutoCloseable {
    private static final Pattern DATA_OFFSET = Pattern.compile("\"dataOffsetSectors\"\\s*:\\s*(\\d+)");

    private final ArrayService raid;
    private final ManualClock clock;
    private final Scenario scenario;
    private final ManualClock stepClock = new ManualClock();
    private final CompletionScheduler stepScheduler = CompletionScheduler.create("steps", stepClock);
    private final List<SimController> controllers = new ArrayList<>();
    private final Map<String, SimDisk> disks = new LinkedHashMap<>();
    private final Map<String, DiskSocket> sockets = new LinkedHashMap<>();
    private final Map<String, FaultyBlockDevice> injectors = new LinkedHashMap<>();
    /** Disks that are gone (failed for good, or pulled): an assembly does not find them. */
    private final java.util.Set<String> gone = new java.util.HashSet<>();
    private ArrayDevice array;
    private long dataOffsetBytes;

    SimRig(ScenarioEnvironment env, Scenario scenario) {
        this.raid = env.raid();
        this.clock = env.clock();
        this.scenario = scenario;
        try {
            for (Topology.ControllerDef c : scenario.topology().controllers()) {
                List<SimDiskSpec> specs = new ArrayList<>();
                for (Topology.DiskDef d : c.disks()) {
                    specs.add(SimDiskSpec.heap(d.name(), d.sizeBytes()).withVolatileCache(d.volatileCache()));
                }
                SimController controller = SimController.create(c.name(), personality(c.transport()), env.clock(),
                        LatencyModel.ZERO, specs);
                controllers.add(controller);
                for (int i = 0; i < c.disks().size(); i++) {
                    SimDisk disk = controller.disk(i);
                    disks.put(c.disks().get(i).name(), disk);
                    sockets.put(c.disks().get(i).name(), new DiskSocket(disk, controller.scheduler()));
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static SimPersonality personality(String transport) {
        return SimPersonality.valueOf(transport.toUpperCase(Locale.ROOT));
    }

    /** Creates the array (md superblocks on every member and spare) and finds where member data starts. */
    ArrayDevice create() {
        Topology.ArrayDef a = scenario.topology().array();
        List<BlockDevice> devices = new ArrayList<>();
        for (String m : a.members()) {
            devices.add(m.equals("missing") ? null : sockets.get(m));
        }
        for (String s : a.spares()) {
            devices.add(sockets.get(s));
        }
        array = raid.create(new CreateRequest(a.name(), null, a.level(), a.layout().isEmpty() ? null : a.layout(),
                a.chunkBytes(), a.members().size(), a.spares().size(), 0, a.assumeClean(), false), devices);
        String json = raid.examine(firstMember(), "json");
        Matcher m = DATA_OFFSET.matcher(json);
        if (!m.find()) {
            throw new OrionException(ErrorCode.INTERNAL, "examine --json of a member shows no dataOffsetSectors");
        }
        dataOffsetBytes = Long.parseLong(m.group(1)) * 512;
        return array;
    }

    private BlockDevice firstMember() {
        return scenario.topology().array().members().stream().filter(n -> !n.equals("missing")).map(sockets::get)
                .findFirst().orElseThrow();
    }

    /**
     * Wraps every disk in a fault injector carrying the faults the schedule gives it (step {@code k}
     * fires at step-clock time {@code k + 1}), and one torn-write rule for power losses.
     */
    void armFaults(List<Step> steps, long seed) {
        Map<String, List<Fault>> perDisk = new LinkedHashMap<>();
        disks.keySet().forEach(name -> perDisk.put(name, new ArrayList<>()));
        int tornPercent = 0;
        for (int k = 0; k < steps.size(); k++) {
            Step s = steps.get(k);
            Trigger at = Trigger.atTime(k + 1);
            switch (s.kind()) {
                case FAIL_STOP -> perDisk.get(s.disk()).add(new Fault.FailStop(at));
                case LATENT_SECTOR_ERROR -> perDisk.get(s.disk()).add(new Fault.LatentSectorError(
                        (dataOffsetBytes + s.offsetBytes()) / 512, Math.max(1, s.lengthBytes() / 512), at));
                case TIMEOUT -> perDisk.get(s.disk()).add(new Fault.Timeout(at, 0));
                case POWER_LOSS -> tornPercent = Math.max(tornPercent, s.tornPercent());
                default -> { }
            }
        }
        for (Map.Entry<String, List<Fault>> e : perDisk.entrySet()) {
            List<Fault> faults = e.getValue();
            if (tornPercent > 0) {
                faults.add(new Fault.TornWriteAtPowerLoss(tornPercent / 100.0));
            }
            FaultyBlockDevice injector = new FaultyBlockDevice(disks.get(e.getKey()),
                    new FaultPlan(seed ^ e.getKey().hashCode(), faults), stepScheduler, null);
            injectors.put(e.getKey(), injector);
            sockets.get(e.getKey()).retarget(injector);
        }
    }

    /** Step {@code k} is applied now: its armed faults strike the next request of their disk. */
    void strike(int k) {
        stepClock.set(Math.max(stepClock.nanoTime(), k + 1));
    }

    /** Runs fault-injector completions that are due (a timeout answers on the step clock). */
    void runDue() {
        stepScheduler.runDue();
    }

    /**
     * Runs a control-path call (assemble, stop, add, start a pass) on a helper thread while this
     * thread keeps simulated time flowing: the call may wait for a superblock write to a slow disk,
     * whose completion only comes when someone moves the clock.
     */
    <T> T control(java.util.concurrent.Callable<T> call) {
        java.util.concurrent.FutureTask<T> task = new java.util.concurrent.FutureTask<>(call);
        Thread helper = new Thread(task, "scenario-control");
        helper.setDaemon(true);
        helper.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                return task.get(1, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new OrionException(ErrorCode.IO, "a control call did not finish within 120 s");
                }
                runDue();
                advanceToNextDelay();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new OrionException(ErrorCode.INTERNAL, "control call failed: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrionException(ErrorCode.INTERNAL, "interrupted during a control call");
            }
        }
    }

    void control(Runnable call) {
        control(() -> {
            call.run();
            return null;
        });
    }

    /** Moves the clock to the earliest delayed completion of any controller (a slow disk's), if any. */
    void advanceToNextDelay() {
        long next = Long.MAX_VALUE;
        for (SimController c : controllers) {
            next = Math.min(next, c.scheduler().nextDueNanos());
        }
        if (next != Long.MAX_VALUE) {
            clock.set(Math.max(clock.nanoTime(), next));
        }
    }

    ArrayDevice array() {
        return array;
    }

    long dataOffsetBytes() {
        return dataOffsetBytes;
    }

    /** The slot of the array the named disk holds, or -1. */
    int slotOf(String disk) {
        String device = sockets.get(disk).info().name();
        for (MemberStatus m : array.status().members()) {
            if (m.name().equals(device)) {
                return m.slot();
            }
        }
        return -1;
    }

    /** True when a disk the array still lists in a slot (in sync, failed or being rebuilt) is gone. */
    boolean memberGone() {
        return gone.stream().anyMatch(d -> slotOf(d) >= 0);
    }

    /** The scenario's name of the disk the array calls {@code deviceName}, or null. */
    String diskNamed(String deviceName) {
        for (Map.Entry<String, DiskSocket> e : sockets.entrySet()) {
            if (e.getValue().info().name().equals(deviceName)) {
                return e.getKey();
            }
        }
        return null;
    }

    void pull(String disk) {
        disks.get(disk).pull();
        gone.add(disk);
    }

    /** The disk failed for good (its fault struck, or will at its next request). */
    void failStop(String disk) {
        gone.add(disk);
    }

    /**
     * Puts a pulled disk back and re-adds it to the array. If the array never sent it a request
     * while it was out, it still counts the member in sync although its cache was lost; a real host
     * hears about a removal from hot-plug, so the rig tells the array first ({@code --fail}).
     */
    void reinsert(String disk) {
        disks.get(disk).reinsert();
        gone.remove(disk);
        int slot = slotOf(disk);
        if (slot >= 0) {
            MemberStatus m = array.status().members().get(slot);
            String device = sockets.get(disk).info().name();
            boolean beingRebuilt = array.status().rebuilding().stream().anyMatch(r -> r.name().equals(device));
            if (m.state().equals("in_sync") || beingRebuilt) {
                // A rebuild target that lost its cache unnoticed would finish "in sync" without the
                // blocks it lost (campaign seed 131709): the removal fails it, as hot-plug would.
                array.failMember(slot);
            }
            // No --remove first: whether it is accepted depends on whether the failure is already in
            // the superblocks (the conductor's pace), which would make the run depend on timing.
            // --add re-adds the faulty member in its slot either way.
        }
        array.addMember(sockets.get(disk));
    }

    void slow(String disk, long extraNanos) {
        sockets.get(disk).slowBy(extraNanos);
    }

    /** Overwrites bytes of the member's data area behind the array's back, durably. */
    void corrupt(String disk, long offsetBytes, long lengthBytes, long seed) {
        byte[] garbage = new byte[Math.toIntExact(lengthBytes)];
        new SplittableRandom(seed).nextBytes(garbage);
        IoStatus status = SyncIo.write(disks.get(disk), dataOffsetBytes + offsetBytes, ByteBuffer.wrap(garbage), 0,
                garbage.length, IoRequest.FLAG_FUA);
        if (status != IoStatus.OK) {
            throw new OrionException(ErrorCode.IO, "could not corrupt " + disk + ": " + status);
        }
    }

    void addToArray(String disk) {
        array.addMember(sockets.get(disk));
    }

    /**
     * A power cut to every disk at one instant: requests stop reaching the disks, every volatile
     * cache drops (or tears) what was not flushed, the array dies without writing anything, then
     * power comes back. The array must be assembled again ({@link #assemble}).
     */
    void powerLoss() {
        sockets.values().forEach(DiskSocket::cutPower);
        injectors.values().forEach(FaultyBlockDevice::powerLoss);
        try {
            array.stop();
        } catch (RuntimeException e) {
            // Its superblock updates cannot reach powerless disks: that is the point.
        }
        sockets.values().forEach(DiskSocket::restorePower);
    }

    /** A clean stop ({@code mdadm --stop}): flushed and recorded clean on the members. */
    void stop() {
        array.stop();
    }

    /**
     * Assembles the array from every disk present but {@code leftOut}, as a scan would find them.
     * Leaving members out is the scenario insisting on a degraded start ({@code --run}); a plain
     * reassembly (after a power loss) is a scan's, which mdadm refuses when a member that was active
     * is missing.
     */
    ArrayDevice assemble(List<String> leftOut, boolean force) {
        List<BlockDevice> devices = new ArrayList<>();
        for (Map.Entry<String, DiskSocket> e : sockets.entrySet()) {
            if (!leftOut.contains(e.getKey()) && !gone.contains(e.getKey())) {
                devices.add(e.getValue());
            }
        }
        array = raid.assemble(new AssembleRequest(scenario.topology().array().name(), force, false,
                !leftOut.isEmpty()), devices);
        return array;
    }

    @Override
    public void close() {
        if (array != null) {
            try {
                control(array::stop);
            } catch (RuntimeException e) {
                // A failed array may not record its stop; the disks are discarded anyway.
            }
        }
        sockets.values().forEach(DiskSocket::close);
        controllers.forEach(SimController::close);
        stepScheduler.close();
    }
}
