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

/** The kernel-facing face of a {@link RaidBlockDevice}: the API's {@link ArrayDevice}. */
public final class RaidArray implements ArrayDevice {
    private final RaidBlockDevice device;

    public RaidArray(RaidBlockDevice device) {
        this.device = device;
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
                device.engine().readErrorsCorrected(), device.engine().reconstructions());
    }
}
