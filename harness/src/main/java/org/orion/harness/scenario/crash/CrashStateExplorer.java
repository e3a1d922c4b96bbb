package org.orion.harness.scenario.crash;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.EventFanOut;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;

/**
 * Records a seeded workload on a new array, builds crash states from the recording (at flush
 * boundaries and inside epochs, with torn writes), and checks each one after reassembly and
 * resync: acknowledged-and-flushed (or FUA) data reads back exactly, everything else reads back
 * an old or a newer written value and never invented bytes ({@link ClientHistory} states the rule
 * per sector), assembly needs no --force, and a check pass afterwards finds no mismatch.
 *
 * <p>Use {@link #explore(CrashCampaignSpec)} for one run with a kernel of its own, or build one
 * explorer on a running kernel's {@link ArrayService} and events and call {@link #run} per spec.
 * A kernel given from outside should run background passes at {@code rebuild_priority = "high"}
 * (the resyncs then take milliseconds). Not thread-safe: one run at a time per explorer.
 */
public final class CrashStateExplorer implements AutoCloseable {
    private final ArrayService raid;
    private final EventFanOut events;
    private final PassWaiter passes = new PassWaiter();
    private final Kernel ownKernel;
    private long arrays;

    /** An explorer on a running kernel's RAID service; it listens to {@code events} until closed. */
    public CrashStateExplorer(ArrayService raid, EventFanOut events) {
        this(raid, events, null);
    }

    private CrashStateExplorer(ArrayService raid, EventFanOut events, Kernel ownKernel) {
        this.raid = raid;
        this.events = events;
        this.ownKernel = ownKernel;
        events.subscribe(passes);
    }

    /** An explorer with a kernel of its own (drivers from the class path, fast background passes). */
    public static CrashStateExplorer withOwnKernel() {
        Kernel kernel = Kernel.create(ConfigLoader.parse("[raid]\nrebuild_priority = \"high\"\n",
                Path.of(".").toAbsolutePath(), "(crash explorer)"), NanoClock.system());
        try {
            kernel.startDrivers();
            ArrayService raid = kernel.services(ArrayService.class).stream().findFirst()
                    .orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND,
                            "no RAID driver is loaded: put raid-driver on the class path"));
            return new CrashStateExplorer(raid, kernel.events(), kernel);
        } catch (RuntimeException e) {
            kernel.close();
            throw e;
        }
    }

    /** One exploration with a kernel of its own. */
    public static CrashReport explore(CrashCampaignSpec spec) {
        try (CrashStateExplorer explorer = withOwnKernel()) {
            return explorer.run(spec);
        }
    }

    /** Rebuilds and checks state {@code stateIndex} of {@code spec} alone (a failing seed's replay). */
    public static CrashReport replay(CrashCampaignSpec spec, int stateIndex) {
        try (CrashStateExplorer explorer = withOwnKernel()) {
            return explorer.run(spec, List.of(stateIndex), null);
        }
    }

    /**
     * The write hole: records {@code spec}'s workload, then for every crash state it asks for loses
     * one member before the resync and reassembles (see {@link WriteHoleReport}).
     */
    public static WriteHoleReport exploreWriteHole(CrashCampaignSpec spec) {
        try (CrashStateExplorer explorer = withOwnKernel()) {
            return explorer.writeHole(spec);
        }
    }

    /** {@link #exploreWriteHole} on this explorer's kernel. */
    public WriteHoleReport writeHole(CrashCampaignSpec spec) {
        Recording recording = Recording.record(raid, spec, nextName());
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < spec.flushBoundaryStates() + spec.epochStates(); i++) {
            all.add(i);
        }
        return new WriteHoleProbe(raid, passes).run(recording, all, this::nextName);
    }

    /** Records {@code spec}'s workload and checks every crash state it asks for. */
    public CrashReport run(CrashCampaignSpec spec) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < spec.flushBoundaryStates() + spec.epochStates(); i++) {
            all.add(i);
        }
        return run(spec, all, null);
    }

    /**
     * Runs the states listed, each possibly altered by {@code sabotage} (the checker's self-tests
     * drop durable writes or damage members with it, to prove such faults are caught).
     */
    CrashReport run(CrashCampaignSpec spec, List<Integer> stateIndexes, Sabotage sabotage) {
        long t0 = System.nanoTime();
        Recording recording = Recording.record(raid, spec, nextName());
        TraceHash hash = new TraceHash().addRecording(recording);
        CrashStateSampler sampler = new CrashStateSampler(recording);
        StateChecker checker = new StateChecker(raid, passes);
        List<CrashViolation> violations = new ArrayList<>();
        int built = 0;
        int checked = 0;
        int torn = 0;
        for (int index : stateIndexes) {
            CrashState state = sampler.state(index);
            Consumer<List<MemoryMember>> afterResync = null;
            if (sabotage != null) {
                state = sabotage.alter(recording, state);
                afterResync = members -> sabotage.afterResync(recording, members);
            }
            built++;
            torn += state.tornWrites();
            List<String> problems = checker.check(recording, state, nextName(), afterResync);
            checked++;
            hash.addState(state, problems.size());
            for (String p : problems) {
                violations.add(new CrashViolation(spec.seed(), index, state.describe(), p));
            }
        }
        return new CrashReport(spec, built, checked, torn, recording.trace().writes().size(),
                recording.trace().flushes().size(), recording.history().writes().size(),
                recording.history().flushes().size(), violations, hash.hex(), System.nanoTime() - t0);
    }

    ArrayService raidForTest() {
        return raid;
    }

    private String nextName() {
        return "crash" + (arrays++);
    }

    @Override
    public void close() {
        events.unsubscribe(passes);
        if (ownKernel != null) {
            ownKernel.close();
        }
    }

    /** A deliberate fault for the checker's self-tests. */
    interface Sabotage {
        CrashState alter(Recording recording, CrashState state);

        default void afterResync(Recording recording, List<MemoryMember> members) {
        }
    }
}
