package org.orion.harness.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The orion.toml of one end-to-end test: the repo's embedded default in miniature (md0 = RAID6 over
 * six simulated SATA disks on sparse files, hot spare nvme0/n0, created on first start, exported as
 * md0), with disks small enough that the first resync takes seconds, the state directory next to the
 * file, and a free loopback port (the config refuses port 0, so one is picked here).
 *
 * <p>{@code rebuild_priority = "high"} so the initial resync and rebuilds finish quickly on a
 * shared 2-core CI machine; {@code log_level = "info"} because tests read the state-change lines.
 */
public final class ServeConfig {
    private final long diskBytes;
    private String rebuildPriority = "high";

    private ServeConfig(long diskBytes) {
        this.diskBytes = diskBytes;
    }

    /**
     * md0 = RAID6 over six disks of {@code diskBytes}, plus a spare. Each member loses 2 MiB to the
     * superblock area (md's data offset for small devices), so the array holds 4 x (disk - 2 MiB).
     */
    public static ServeConfig raid6WithSpare(long diskBytes) {
        return new ServeConfig(diskBytes);
    }

    public ServeConfig rebuildPriority(String priority) {
        this.rebuildPriority = priority;
        return this;
    }

    /** Writes {@code dir/orion.toml} listening on a port that was free a moment ago; returns the file. */
    public Path write(Path dir) {
        return write(dir, freePort());
    }

    Path write(Path dir, int port) {
        String size = diskBytes / (1 << 20) + "MB";
        StringBuilder toml = new StringBuilder()
                .append("[kernel]\nstate_dir = \"var\"\nlog_level = \"info\"\n\n")
                .append("[raid]\nrebuild_priority = \"").append(rebuildPriority).append("\"\n\n")
                .append("[[controllers]]\nname = \"sata0\"\ntransport = \"sata\"\ndisks = [");
        for (int i = 0; i < 6; i++) {
            toml.append(i == 0 ? " " : ", ").append("{ name = \"d").append(i).append("\", size = \"").append(size)
                    .append("\" }");
        }
        toml.append(" ]\n\n[[controllers]]\nname = \"nvme0\"\ntransport = \"nvme\"\n")
                .append("disks = [ { name = \"n0\", size = \"").append(size).append("\" } ]\n\n")
                .append("[[arrays]]\nname = \"md0\"\nlevel = 6\n")
                .append("members = [\"sata0/d0\", \"sata0/d1\", \"sata0/d2\", \"sata0/d3\", \"sata0/d4\", \"sata0/d5\"]\n")
                .append("spares = [\"nvme0/n0\"]\nlayout = \"left-symmetric\"\ncreate = \"on-first-start\"\n\n")
                .append("[nbd]\nlisten = \"127.0.0.1:").append(port).append("\"\nexport = \"md0\"\n");
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("orion.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Member image of a disk, where [[controllers.disks]] puts it by default. */
    public static Path image(Path configDir, String controller, String disk) {
        return configDir.resolve("var").resolve("disks").resolve(controller + "-" + disk + ".img");
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
