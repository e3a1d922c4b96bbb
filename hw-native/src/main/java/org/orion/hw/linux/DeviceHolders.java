package org.orion.hw.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds out who holds a block device, for discovery ("in use") and for the message when an
 * exclusive open is refused. Sources: /proc/self/mountinfo (field 3 is the mounted device's
 * major:minor, field 5 the mount point), /sys/.../holders of the disk and each partition,
 * /proc/swaps, and, only when explaining a refusal, a scan of /proc/[pid]/fd for processes that
 * have the node open.
 */
public final class DeviceHolders {
    private static final Path MOUNTINFO = Paths.get("/proc/self/mountinfo");
    private static final Path SWAPS = Paths.get("/proc/swaps");
    private static final int MAX_PROCESSES_NAMED = 5;

    private DeviceHolders() {
    }

    /** Usage of the device whose sysfs directory is {@code deviceDir} (a disk or one partition). */
    public static DeviceUsage usageOf(Path deviceDir) {
        Map<String, String> nodesByMajorMinor = new LinkedHashMap<>();
        List<String> holders = new ArrayList<>();
        collect(deviceDir, nodesByMajorMinor, holders);
        if (!Files.exists(deviceDir.resolve("partition"))) {
            for (String partition : Sysfs.partitions(deviceDir)) {
                collect(deviceDir.resolve(partition), nodesByMajorMinor, holders);
            }
        }
        List<DeviceUsage.Mount> mounts = new ArrayList<>();
        for (String line : lines(MOUNTINFO)) {
            String[] f = line.split(" ");
            if (f.length > 4 && nodesByMajorMinor.containsKey(f[2])) {
                mounts.add(new DeviceUsage.Mount(nodesByMajorMinor.get(f[2]), unescape(f[4])));
            }
        }
        List<String> swaps = new ArrayList<>();
        for (String line : lines(SWAPS)) {
            String device = line.split("\\s+")[0];
            if (nodesByMajorMinor.containsValue(device)) {
                swaps.add(device);
            }
        }
        return new DeviceUsage(mounts, holders, swaps);
    }

    private static void collect(Path dir, Map<String, String> nodes, List<String> holders) {
        String name = dir.getFileName().toString();
        Sysfs.read(dir.resolve("dev")).ifPresent(majMin -> nodes.put(majMin, "/dev/" + name));
        holders.addAll(Sysfs.list(dir.resolve("holders")));
    }

    /**
     * Processes (other than this one) that have {@code deviceNode} open, as "pid 1234 (qemu)"; at most a
     * few. Reads /proc/[pid]/fd links, which needs root for other users' processes.
     */
    public static List<String> processesWithOpen(Path deviceNode) {
        List<String> found = new ArrayList<>();
        String target = deviceNode.toString();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Paths.get("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                if (found.size() >= MAX_PROCESSES_NAMED) {
                    break;
                }
                String pid = proc.getFileName().toString();
                if (pid.equals(Long.toString(self)) || !hasOpen(proc.resolve("fd"), target)) {
                    continue;
                }
                String comm = Sysfs.read(proc.resolve("comm")).orElse("?");
                found.add("pid " + pid + " (" + comm + ")");
            }
        } catch (IOException | SecurityException e) {
            return found;
        }
        return found;
    }

    private static boolean hasOpen(Path fdDir, String target) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(target)) {
                        return true;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // the descriptor closed while we looked: skip it
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    /**
     * The sentence for a refused O_EXCL open: who holds the device and what to do. Always names the
     * failure itself, so even when nothing visible holds it the user learns why.
     */
    public static String explainBusy(Path deviceNode, Optional<Path> deviceDir) {
        DeviceUsage usage = deviceDir.map(DeviceHolders::usageOf).orElse(DeviceUsage.unused());
        StringBuilder message = new StringBuilder(deviceNode.toString()).append(" is in use: ");
        if (usage.inUse()) {
            message.append(usage.describe());
        } else {
            message.append("held by another process (O_EXCL open failed: EBUSY)");
            List<String> openers = processesWithOpen(deviceNode);
            if (!openers.isEmpty()) {
                message.append("; open in ").append(String.join(", ", openers));
            }
        }
        message.append(": unmount it, stop the array or program using it, or choose another device");
        return message.toString();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
