package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.array.SyncStatus;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoOp;

/**
 * One play of a {@link Scenario}: builds the rig, creates the array, runs the workload in batches
 * while applying the schedule's steps at their operation boundaries, then flushes, lets background
 * passes finish, reads the whole array back against the model and judges the expectations.
 *
 * <h2>Within or beyond the redundancy</h2>
 * Before each batch the run counts the array's bad slots: slots the array itself reports not in
 * sync, plus slots whose disk the schedule has damaged (failed, pulled, made unreadable, timed out,
 * corrupted and not yet checked). With no more bad slots than the level tolerates (RAID0: 0, RAID1:
 * members - 1, RAID4/5: 1, RAID6: 2, RAID10: copies - 1) every request must succeed; beyond that a
 * request may fail. A read that succeeds must return acceptable data either way.
 *
 * <p>Runner thread only.
 */
final class ScenarioRun implements AutoCloseable {
    private static final long SETTLE_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SETTLE_REAL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int VERIFY_PIECE_BYTES = 64 * 1024;

    private final ScenarioEnvironment env;
    private final Scenario scenario;
    private final Workload workload;
    private final SimRig rig;
    private final TraceLog trace = new TraceLog();
    private final Findings findings = new Findings();
    private final List<DriverEvent> events = new CopyOnWriteArrayList<>();
    private final EventSink sink = events::add;
    /** Disks the schedule has damaged (scenario names). */
    private final Set<String> damaged = new HashSet<>();
    /** A power loss hit a parity array with a damaged member (see powerLoss). */
    private boolean writeHoleWithUnreadable;
    private final Map<String, int[]> tally = new LinkedHashMap<>();
    private final List<Applied> applied = new ArrayList<>();
    private ArrayDevice array;
    private AckModel model;
    private RequestRunner requests;
    private boolean refused;
    private String finalState = "none";

    /** A fault as applied: which class, where in the event list, and whether it struck beyond the redundancy. */
    private record Applied(String faultClass, int eventsBefore, boolean beyond) {
    }

    ScenarioRun(ScenarioEnvironment env, Scenario scenario) {
        this.env = env;
        this.scenario = scenario;
        this.workload = scenario.workload();
        this.rig = new SimRig(env, scenario);
    }

    Verdict play() {
        long t0 = System.nanoTime();
        env.kernel().events().subscribe(sink);
        try {
            runAll();
        } catch (RequestRunner.HungException e) {
            findings.violation("the run stopped: " + e.getMessage());
        } catch (OrionException e) {
            findings.violation("the run stopped: " + e.getMessage());
        } finally {
            env.kernel().events().unsubscribe(sink);
        }
        List<String> reasons = new ArrayList<>(findings.reasons());
        if (!findings.hasViolations()) {
            reasons.addAll(new ExpectationCheck(scenario.expectations(), events, findings, refused, finalState).failures());
        }
        trace.add("end " + finalState + " " + (reasons.isEmpty() ? "pass" : "fail"));
        List<String> kinds = new ArrayList<>(new LinkedHashSet<>(events.stream().map(DriverEvent::kind).toList()));
        return new Verdict(scenario.name(), scenario.source(), reasons.isEmpty(), reasons, trace.hash(),
                requests == null ? 0 : requests.requests(), System.nanoTime() - t0, finalState, tallies(), kinds, plan());
    }

    private String plan() {
        Topology.ArrayDef a = scenario.topology().array();
        Workload w = workload;
        return "raid" + a.level() + (a.layout().isEmpty() ? "" : " " + a.layout()) + " chunk " + a.chunkBytes() / 1024
                + "K members " + a.members() + " spares " + a.spares() + "; " + w.operations() + " ops "
                + (w.sequential() ? "sequential" : "random") + " " + w.readPercent() + "% reads " + w.minBytes() / 1024
                + "-" + w.maxBytes() / 1024 + "K flush/" + w.flushEvery() + " x" + w.concurrency() + "; schedule: "
                + String.join(", ", scenario.steps().stream().map(Step::describe).toList());
    }

    private void runAll() {
        try {
            array = rig.create();
        } catch (OrionException e) {
            findings.violation("creating the array was refused: " + e.getMessage());
            return;
        }
        rig.armFaults(scenario.steps(), workload.seed());
        model = new AckModel(array.info().capacityBytes());
        requests = new RequestRunner(rig, new SectorPattern(workload.seed()), model, trace, findings, this::reportedLost);
        if (!scenario.topology().array().assumeClean()) {
            settle();
        }
        WorkloadGenerator ops = new WorkloadGenerator(workload, array.info().capacityBytes());
        List<Step> steps = scenario.steps();
        int nextStep = 0;
        int op = 0;
        while (op < workload.operations() && !refused) {
            nextStep = applyDue(steps, nextStep, op);
            if (refused) {
                break;
            }
            int until = workload.operations();
            if (nextStep < steps.size()) {
                until = (int) Math.min(until, Math.max(op + 1, steps.get(nextStep).atOp()));
            }
            if (workload.flushEvery() > 0) {
                until = Math.min(until, (op / workload.flushEvery() + 1) * workload.flushEvery());
            }
            int count = Math.min(workload.concurrency(), until - op);
            List<RequestRunner.Op> batch = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(ops.next());
            }
            requests.batch(array, batch, beyondRedundancy());
            op += count;
            env.clock().advance(workload.opIntervalNanos() * count);
            if (workload.flushEvery() > 0 && op % workload.flushEvery() == 0) {
                requests.flush(array, beyondRedundancy());
            }
        }
        if (!refused) {
            applyRemaining(steps, nextStep);
        }
        if (refused) {
            finalState = "refused";
            return;
        }
        requests.flush(array, beyondRedundancy());
        settle();
        verifyAll();
        finalState = array.status().state();
    }

    /** Applies the steps due at operation boundary {@code op}; returns the index of the first not applied. */
    private int applyDue(List<Step> steps, int next, int op) {
        while (next < steps.size() && !refused) {
            Step s = steps.get(next);
            if (s.atOp() > op || (s.atRebuildPercent() >= 0 && !rebuildReached(s.atRebuildPercent()))) {
                return next;
            }
            apply(next, s);
            next++;
        }
        return next;
    }

    /** After the last operation: the remaining steps, letting time pass for those that wait for a rebuild. */
    private void applyRemaining(List<Step> steps, int next) {
        for (int k = next; k < steps.size() && !refused; k++) {
            Step s = steps.get(k);
            if (s.atRebuildPercent() >= 0 && !waitForRebuild(s.atRebuildPercent())) {
                if (scenario.expectations().data() == Expectations.DataRule.REDUNDANCY) {
                    // A generated schedule may ask for a rebuild the array never ran (the first
                    // failure was never noticed): the step did not happen, and nothing is owed.
                    trace.add("step " + k + " skipped: no rebuild");
                    continue;
                }
                findings.violation("step " + s.describe() + " never happened: no rebuild reached "
                        + s.atRebuildPercent() + "% (is there a spare, and a failure before it?)");
                return;
            }
            apply(k, s);
        }
    }

    private boolean rebuildReached(int percent) {
        SyncStatus sync = array.sync();
        return sync.action().startsWith("recover") && sync.totalBytes() > 0
                && sync.doneBytes() * 100 >= (long) percent * sync.totalBytes();
    }

    /** Lets time pass until a rebuild reaches {@code percent}; false if none runs for a while. */
    private boolean waitForRebuild(int percent) {
        long deadline = System.nanoTime() + SETTLE_REAL_NANOS;
        int idleRounds = 0;
        while (System.nanoTime() < deadline && idleRounds < 200) {
            if (rebuildReached(percent)) {
                return true;
            }
            idleRounds = array.sync().isRunning() ? 0 : idleRounds + 1;
            rig.runDue();
            env.clock().advance(SETTLE_STEP_NANOS / 10);
            LockSupport.parkNanos(100_000);
        }
        return false;
    }

    private void apply(int k, Step s) {
        int eventsBefore = events.size();
        trace.add("step " + k + " " + s.describe());
        rig.strike(k);
        switch (s.kind()) {
            case FAIL_STOP -> {
                rig.failStop(s.disk());
                damaged.add(s.disk());
            }
            case LATENT_SECTOR_ERROR, TIMEOUT -> damaged.add(s.disk());
            case PULL -> {
                rig.pull(s.disk());
                damaged.add(s.disk());
            }
            case REINSERT -> {
                damaged.remove(s.disk());
                added(() -> rig.reinsert(s.disk()), s.disk());
            }
            case SLOW -> rig.slow(s.disk(), s.extraNanos());
            case SILENT_CORRUPTION -> {
                rig.corrupt(s.disk(), s.offsetBytes(), s.lengthBytes(), workload.seed() + k);
                damaged.add(s.disk());
            }
            case POWER_LOSS -> powerLoss(s.force());
            case STOP_AND_ASSEMBLE -> stopAndAssemble(s);
            case ADD -> added(() -> rig.addToArray(s.disk()), s.disk());
            case CHECK, REPAIR -> scrub(s);
            case WAIT_SYNC -> settle();
            default -> throw new IllegalStateException("unhandled step " + s.kind());
        }
        if (s.kind().isFault()) {
            applied.add(new Applied(s.kind().faultClass(), eventsBefore, !refused && beyondRedundancy()));
        }
    }

    /**
     * Adds a disk back (re-add or add); the array may refuse it (too small, unhealthy, a level
     * without redundancy), which is its right: the refusal goes in the trace, and the disk stays
     * out (damaged, if it was a member).
     */
    private void added(Runnable add, String disk) {
        try {
            rig.control(add);
        } catch (OrionException e) {
            trace.add("add refused");
            if (rig.slotOf(disk) >= 0) {
                damaged.add(disk);
            }
        }
    }

    private void powerLoss(boolean force) {
        // A slot still being rebuilt counts as missing to the next assembly, and so does one whose
        // rebuild has ended but is not yet recorded in the superblocks (the array flushes the new
        // member first; until then its status still lists the member as rebuilding).
        boolean wasDegraded = badSlots() > 0 || array.sync().action().startsWith("recover")
                || !array.status().rebuilding().isEmpty();
        boolean wasBeyond = beyondRedundancy();
        boolean memberGone = rig.memberGone();
        int level = scenario.topology().array().level();
        // A crash with an unreadable member in a parity array: a stripe written at the crash and
        // holding the unreadable block cannot be made consistent (its resync cannot read it) nor be
        // solved (the torn write is an error at an unknown place on top of the erasure, beyond even
        // RAID6's two syndromes). Reads there may fail from now on; wrong data stays a violation.
        writeHoleWithUnreadable |= (level == 4 || level == 5 || level == 6) && !damaged.isEmpty();
        rig.powerLoss();
        model.powerLost();
        try {
            array = rig.control(() -> rig.assemble(List.of(), force));
        } catch (OrionException e) {
            boolean mirrored = level == 1 || level == 10;
            trace.add("assembly refused");
            refused = true;
            // md's rules: a dirty degraded RAID4/5/6 does not start without --force (the write hole),
            // nor does a RAID0 or any array with more members gone than it survives. A mirror
            // degraded within its redundancy must start, unless a member disk is gone: then the
            // superblocks left may still count it active (its failure unrecorded, or never noticed),
            // and mdadm without --run refuses to start without it ("need all N").
            boolean mdRefuses = wasDegraded && (!mirrored || wasBeyond) || memberGone;
            if (!mdRefuses && !scenario.expectations().assemblyRefused()) {
                findings.violation("assembly after the power loss was refused although the array was not degraded: "
                        + e.getMessage());
            }
            return;
        }
        // The write hole: a crash followed by a member failure before the resync ends is outside what
        // parity can promise (docs/scenarios.md); let the resync finish before anything else happens.
        settle();
        verifyAll();
    }

    private void stopAndAssemble(Step s) {
        rig.control(rig::stop);
        model.flushed();
        try {
            array = rig.control(() -> rig.assemble(s.missing(), s.force()));
        } catch (OrionException e) {
            trace.add("assembly refused");
            refused = true;
            if (!scenario.expectations().assemblyRefused()) {
                findings.violation("assembly was refused: " + e.getMessage());
            }
        }
    }

    /**
     * Check or repair. With rewrite, the ranges the pass reported are then restored the way an
     * administrator restores them from a backup: a repair first makes parity (or the copies) agree
     * with the data as it now reads, so that rewriting part of a stripe cannot fold the bad bytes
     * into the new parity, then the ranges are written afresh.
     */
    private void scrub(Step s) {
        settle();
        runPass(s.kind() == StepKind.CHECK ? "check" : "repair");
        SyncStatus result = array.sync();
        trace.add("scrub " + result.mismatchBytes());
        if (s.force() && !result.mismatchRanges().isEmpty()) {
            List<long[]> ranges = result.mismatchRanges();
            if (s.kind() == StepKind.CHECK) {
                runPass("repair");
            }
            for (long[] range : ranges) {
                rewrite(range[0], range[1]);
            }
            // A restore from a backup ends with a sync: until the rewrites are durable, a power loss
            // can bring the corrupted bytes back (they are what the disk holds durably), which the
            // model, blind to the corruption, would take for data nobody wrote.
            requests.flush(array, beyondRedundancy());
        }
        damaged.removeIf(d -> scenario.steps().stream().anyMatch(x -> x.kind() == StepKind.SILENT_CORRUPTION
                && d.equals(x.disk())));
    }

    /** Starts a check or repair and lets time pass until its RebuildFinished event (it starts asynchronously). */
    private void runPass(String action) {
        int before = events.size();
        rig.control(() -> array.startSync(action));
        long deadline = System.nanoTime() + SETTLE_REAL_NANOS;
        while (!finishedSince(before, action)) {
            if (System.nanoTime() > deadline) {
                findings.violation("the " + action + " did not finish within "
                        + TimeUnit.NANOSECONDS.toSeconds(SETTLE_REAL_NANOS) + " s of real time");
                return;
            }
            rig.runDue();
            env.clock().advance(SETTLE_STEP_NANOS);
            LockSupport.parkNanos(100_000);
        }
        settle();
    }

    /**
     * True if a RebuildFinished of {@code action} was raised at or after index {@code from}. By index:
     * a CopyOnWriteArrayList sub-list throws ConcurrentModificationException when the driver's
     * event thread adds an event while it is being read.
     */
    private boolean finishedSince(int from, String action) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i) instanceof DriverEvent.RebuildFinished f && f.action().equals(action)) {
                return true;
            }
        }
        return false;
    }

    private void rewrite(long startBytes, long endBytes) {
        long start = startBytes / Workload.ALIGN_BYTES * Workload.ALIGN_BYTES;
        long end = Math.min(array.info().capacityBytes(), (endBytes + Workload.ALIGN_BYTES - 1)
                / Workload.ALIGN_BYTES * Workload.ALIGN_BYTES);
        for (long off = start; off < end; off += VERIFY_PIECE_BYTES) {
            int length = (int) Math.min(VERIFY_PIECE_BYTES, end - off);
            requests.batch(array, List.of(new RequestRunner.Op(IoOp.WRITE, off, length)), beyondRedundancy());
        }
    }

    /** Lets simulated time pass until no background pass has run for a few rounds. */
    private void settle() {
        long deadline = System.nanoTime() + SETTLE_REAL_NANOS;
        int quiet = 0;
        while (quiet < 5) {
            if (System.nanoTime() > deadline) {
                findings.violation("a background pass (" + array.sync().action() + ") did not finish within "
                        + TimeUnit.NANOSECONDS.toSeconds(SETTLE_REAL_NANOS) + " s of real time");
                return;
            }
            rig.runDue();
            quiet = array.sync().isRunning() ? 0 : quiet + 1;
            env.clock().advance(SETTLE_STEP_NANOS);
            LockSupport.parkNanos(200_000);
        }
    }

    /** Reads the whole array back and checks every sector. */
    private void verifyAll() {
        long capacity = array.info().capacityBytes();
        for (long off = 0; off < capacity; off += VERIFY_PIECE_BYTES) {
            int length = (int) Math.min(VERIFY_PIECE_BYTES, capacity - off);
            requests.batch(array, List.of(new RequestRunner.Op(IoOp.READ, off, length)), beyondRedundancy());
        }
    }

    /**
     * True once the array has reported lost ranges (BadBlocksRecorded): data it said it lost may be
     * read from a member rebuilt later from the one with holes, so from then on a failing request is
     * a clean failure wherever it lands (wrong data never is). The scenario rule lost-ranges-only
     * checks the ranges themselves.
     */
    private boolean reportedLost(long startBytes, long endBytes) {
        return events.stream().anyMatch(e -> e instanceof DriverEvent.BadBlocksRecorded);
    }

    private boolean beyondRedundancy() {
        return writeHoleWithUnreadable || badSlots() > tolerance();
    }

    /**
     * Slots not in sync, or whose disk the schedule damaged, or which the array says hold lost
     * ranges (BadBlocksRecorded: a rebuilt member with holes counts as bad, since the stripes around
     * its holes have less redundancy than the level's).
     */
    private int badSlots() {
        ArrayStatus status = array.status();
        Set<String> holed = new HashSet<>();
        for (DriverEvent e : events) {
            if (e instanceof DriverEvent.BadBlocksRecorded bad) {
                holed.add(bad.member());
            }
        }
        int bad = 0;
        for (MemberStatus m : status.members()) {
            String disk = rig.diskNamed(m.name());
            if (!m.state().equals("in_sync") || (disk != null && damaged.contains(disk)) || holed.contains(m.name())) {
                bad++;
            }
        }
        return bad;
    }

    private int tolerance() {
        Topology.ArrayDef a = scenario.topology().array();
        return switch (a.level()) {
            case 0 -> 0;
            case 1 -> a.members().size() - 1;
            case 4, 5 -> 1;
            case 6 -> 2;
            case 10 -> a.layout().length() > 1 ? Integer.parseInt(a.layout().substring(1)) - 1 : 1;
            default -> 0;
        };
    }

    /** Per fault class: injected, survived, beyond the redundancy, detected (an event or an error after it). */
    private Map<String, Verdict.FaultTally> tallies() {
        Map<String, Verdict.FaultTally> out = new LinkedHashMap<>();
        for (Applied a : applied) {
            boolean detected = detected(a);
            Verdict.FaultTally one = new Verdict.FaultTally(1, a.beyond() ? 0 : 1, a.beyond() ? 1 : 0, detected ? 1 : 0);
            out.merge(a.faultClass(), one, Verdict.FaultTally::plus);
        }
        return out;
    }

    private boolean detected(Applied a) {
        Set<String> signs = switch (a.faultClass()) {
            case "fail-stop", "pull", "timeout" -> Set.of("Fail", "FailSpare", "DeviceDisappeared");
            case "latent-sector-error" -> Set.of("ReadErrorCorrected", "BadBlocksRecorded", "Fail", "FailSpare",
                    "PredictedFailure");
            case "silent-corruption" -> Set.of("MismatchesFound");
            case "slow-disk" -> Set.of("MemberSlow");
            case "power-loss" -> Set.of("RebuildStarted");
            default -> Set.of();
        };
        for (int i = a.eventsBefore(); i < events.size(); i++) {
            if (signs.contains(events.get(i).kind())) {
                return true;
            }
        }
        return a.beyond() && findings.failedRequests > 0 || a.faultClass().equals("power-loss") && refused;
    }

    @Override
    public void close() {
        rig.close();
    }
}
