package org.orion.raid.assembly;

import java.net.InetAddress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayStatus;
import org.orion.driver.api.array.SyncStatus;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.raid.array.MemberState;
import org.orion.raid.md.DetailFormatter;
import org.orion.raid.md.Superblock1;
import org.orion.raid.stripe.SyncKind;

/** A persistent (md superblock) array as the kernel sees it. */
public final class MdArrayDevice implements ArrayDevice {
    private final MdArray md;

    public MdArrayDevice(MdArray md) {
        this.md = md;
    }

    public MdArray md() {
        return md;
    }

    @Override
    public BlockDeviceInfo info() {
        return md.array().info();
    }

    @Override
    public IoStatus submit(IoRequest request) {
        return md.array().submit(request);
    }

    /** The ring's view of the slots, plus the spares and the rebuild target only this array knows. */
    @Override
    public ArrayStatus status() {
        return md.array().status().withSpares(md.spareDevices().stream().map(d -> d.info().name()).toList(),
                md.rebuilding());
    }

    @Override
    public org.orion.driver.api.block.BlockDevice removeSpare(String deviceName) {
        return md.removeSpare(deviceName);
    }

    @Override
    public long minimumMemberBytes() {
        return md.minimumMemberBytes();
    }

    @Override
    public void spareProvider(org.orion.driver.api.array.SpareProvider provider) {
        md.spareProvider(provider);
    }

    /**
     * Failing a slot whose member has failed already fails the device being rebuilt into it (see
     * StripeEngine's control): this returns once the array has forgotten that rebuild, as mdadm
     * --fail returns once md has, so an --add right after finds the device free.
     */
    @Override
    public void failMember(int slot) {
        boolean failsRebuildTarget = !md.array().device().memberStates()[slot].isUsable()
                && md.rebuilding().stream().anyMatch(m -> m.slot() == slot);
        md.array().failMember(slot);
        if (failsRebuildTarget) {
            try {
                md.awaitRebuildRecorded(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public SyncStatus sync() {
        return md.array().sync();
    }

    @Override
    public void startSync(String action) {
        if (action.equals("idle")) {
            md.pauseSync();
            return;
        }
        if (md.array().device().engine().runningSync() != null) {
            throw new OrionException(ErrorCode.CONFLICT, info().name() + " is already running "
                    + md.array().device().engine().runningSync().mdName() + ": wait for it to finish");
        }
        SyncKind kind;
        try {
            kind = SyncKind.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OrionException(ErrorCode.USAGE, "unknown action '" + action + "': use check, repair or resync");
        }
        md.startSync(kind, 0);
    }

    @Override
    public void addMember(org.orion.driver.api.block.BlockDevice device) {
        md.addMember(device);
    }

    @Override
    public void removeMember(int slot) {
        md.removeMember(slot);
    }

    @Override
    public void replaceMember(int slot, org.orion.driver.api.block.BlockDevice with) {
        md.replaceMember(slot, with);
    }

    @Override
    public void stop() {
        md.stop();
    }

    @Override
    public void close() {
        md.close();
    }

    @Override
    public String detail(String format) {
        Superblock1 sb = md.currentSuperblock();
        if (format.equals("brief")) {
            return DetailFormatter.brief(sb, md.spareDevices().size());
        }
        MemberState[] states = md.array().device().memberStates();
        Superblock1[] slotSbs = md.slotSuperblocks();
        List<DetailFormatter.Row> rows = new ArrayList<>();
        List<DetailFormatter.Row> others = new ArrayList<>();
        int active = 0;
        int failed = 0;
        int total = 0;
        for (int i = 0; i < states.length; i++) {
            var member = md.array().device().members().get(i);
            if (!member.isPresent()) {
                rows.add(new DetailFormatter.Row(-1, i, "removed", ""));
                continue;
            }
            total++;
            int number = slotSbs[i] == null ? i : slotSbs[i].devNumber();
            if (states[i].isUsable()) {
                active++;
                rows.add(new DetailFormatter.Row(number, i, "active sync", member.name()));
            } else {
                failed++;
                rows.add(new DetailFormatter.Row(-1, i, "removed", ""));
                others.add(new DetailFormatter.Row(number, -1, "faulty", member.name()));
            }
        }
        Superblock1[] spares = md.spareSuperblocks();
        for (int i = 0; i < spares.length; i++) {
            total++;
            others.add(new DetailFormatter.Row(spares[i].devNumber(), -1, "spare", md.spareDevices().get(i).info().name()));
        }
        rows.addAll(others);
        ArrayStatus status = status();
        SyncStatus sync = sync();
        StringBuilder state = new StringBuilder(sb.isClean() ? "clean" : "active");
        if (status.state().equals("degraded")) {
            state.append(", degraded");
        } else if (status.state().equals("failed")) {
            state.append(", FAILED");
        }
        String label = null;
        int percent = 0;
        if (sync.isRunning()) {
            label = switch (sync.action()) {
                case "resync", "repair" -> "Resync";
                case "check" -> "Check";
                default -> "Rebuild";
            };
            state.append(sync.action().equals("check") ? ", checking" : ", resyncing");
            percent = sync.totalBytes() == 0 ? 0 : (int) (sync.doneBytes() * 100 / sync.totalBytes());
        }
        DetailFormatter.View view = new DetailFormatter.View(sb, info().capacityBytes(), state.toString(), label, percent,
                rows, total, active, failed, spares.length);
        return DetailFormatter.detail(info().name(), view, localHost(), ZoneId.systemDefault());
    }

    /** This host's name, for mdadm's "(local to host X)". */
    public static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
