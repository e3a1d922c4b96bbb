package org.orion.hw.linux;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who is using a block device: file systems mounted on it or on its partitions, kernel holders
 * (md arrays, device-mapper targets) and swap.
 *
 * @param mounts       mounts of the device or any of its partitions
 * @param holders      kernel devices stacked on it or its partitions ("md127", "dm-0"), from /sys/.../holders
 * @param swapDevices  the device or partitions of it that are active swap
 */
public record DeviceUsage(List<Mount> mounts, List<String> holders, List<String> swapDevices) {
    /** One mount: which device node ("/dev/sdb1") is mounted where. */
    public record Mount(String device, String mountPoint) {
        public Mount {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(mountPoint, "mountPoint");
        }
    }

    public DeviceUsage {
        mounts = List.copyOf(mounts);
        holders = List.copyOf(holders);
        swapDevices = List.copyOf(swapDevices);
    }

    public static DeviceUsage unused() {
        return new DeviceUsage(List.of(), List.of(), List.of());
    }

    public boolean inUse() {
        return !mounts.isEmpty() || !holders.isEmpty() || !swapDevices.isEmpty();
    }

    /** "mounted at /mnt/x; held by md127" style sentence, or "" when unused. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Mount m : mounts) {
            parts.add(m.device() + " is mounted at " + m.mountPoint());
        }
        if (!holders.isEmpty()) {
            parts.add("held by " + String.join(", ", holders) + " (an md array or device-mapper target)");
        }
        for (String swap : swapDevices) {
            parts.add(swap + " is active swap");
        }
        return String.join("; ", parts);
    }
}
