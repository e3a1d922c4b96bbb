package org.orion.raid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.array.Member;
import org.orion.raid.array.MemberState;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncListener;
import org.orion.raid.stripe.SyncResult;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.SyncStatus;

/** The kernel-facing face of a {@link RaidBlockDevice}: the API's {@link ArrayDevice}. */
public final class RaidArray implements ArrayDevice {
    private final RaidBlockDevice device;
    private volatile List<String> notes = List.of();
    private volatile SyncKind lastKind;
    private volatile SyncResult lastResult;

    public RaidArray(RaidBlockDevice device) {
        this.device = device;
    }

    /** Assembly's decisions, shown in {@link ArrayStatus#notes()}. */
    public void notes(List<String> assemblyNotes) {
        this.notes = List.copyOf(assemblyNotes);
    }

    /** Remembers the result of a finished pass for {@link #sync()}. */
    public void recordSync(SyncKind kind, SyncResult result) {
        lastKind = kind;
        lastResult = result;
    }

    @Override
    public SyncStatus sync() {
        RaidLayout layout = device.layout();
        SyncKind running = device.engine().runningSync();
        SyncResult last = lastResult;
        long mismatch = last == null || lastKind == SyncKind.RESYNC ? 0 : last.mismatchBytes();
        List<long[]> ranges = last == null || lastKind == SyncKind.RESYNC ? List.of() : last.mismatchRanges();
        if (running == null) {
            return new SyncStatus("idle", 0, 0, mismatch, ranges);
        }
        long done = Math.min(device.engine().syncProgressStripes() * layout.stripeBytes(), layout.arrayBytes());
        return new SyncStatus(running.mdName(), done, layout.arrayBytes(), mismatch, ranges);
    }

    /** Starts check, repair or resync from the start of the array. */
    @Override
    public void startSync(String action) {
        SyncKind kind;
        try {
            kind = SyncKind.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OrionException(ErrorCode.USAGE, "unknown action '" + action + "': use check, repair or resync");
        }
        if (device.engine().runningSync() != null) {
            throw new OrionException(ErrorCode.CONFLICT, device.info().name() + " is already running "
                    + device.engine().runningSync().mdName() + ": wait for it to finish");
        }
        if (device.layout().redundancy() == 0) {
            throw new OrionException(ErrorCode.UNSUPPORTED, device.info().name() + " is "
                    + device.layout().levelName() + ": it has no redundancy to " + action);
        }
        device.startSync(kind, 0, new SyncListener() {
            public void onProgress(SyncKind k, long checkpointStripe, long totalStripes) {
            }

            public void onFinished(SyncKind k, boolean completed, SyncResult result) {
                recordSync(k, result);
            }
        });
    }

    /** The driver-side device, for callers inside the RAID driver. */
    public RaidBlockDevice device() {
        return device;
    }

    @Override
    public BlockDeviceInfo info() {
        return device.info();
    }

    @Override
    public IoStatus submit(IoRequest request) {
        return device.submit(request);
    }

    @Override
    public void close() {
        device.close();
    }

    @Override
    public void failMember(int slot) {
        device.failMember(slot);
    }

    @Override
    public ArrayStatus status() {
        RaidLayout layout = device.layout();
        MemberState[] states = device.memberStates();
        List<MemberStatus> members = new ArrayList<>(states.length);
        int unusable = 0;
        boolean[] missing = new boolean[states.length];
        for (int i = 0; i < states.length; i++) {
            Member m = device.members().get(i);
            members.add(new MemberStatus(i, m.name(), states[i].name().toLowerCase(Locale.ROOT)));
            missing[i] = !states[i].isUsable();
            if (missing[i]) {
                unusable++;
            }
        }
        String state = !layout.survives(missing) ? "failed" : unusable > 0 ? "degraded" : "clean";
        return new ArrayStatus(device.info().name(), layout.levelName(), layout.layoutName(),
                layout.parityBlocks() > 0 || layout.level() == 0 || layout.level() == 10 ? layout.chunkBytes() : 0,
                device.info().capacityBytes(), layout.memberDataBytes(), state, members,
                device.engine().readErrorsCorrected(), device.engine().reconstructions(), notes);
    }
}
