package org.orion.hw.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's own tools (losetup, mkfs.ext4, mount) for root-only tests, and says why a test
 * must be skipped when they cannot run. Every loop device attached here is detached by
 * {@link #detachAll()}, which the test classes call from {@code @AfterAll}.
 */
final class HostTools {
    private static final List<String> ATTACHED = new ArrayList<>();

    private HostTools() {
    }

    /** Null if loop devices can be used here, else the reason they cannot. */
    static String loopUnavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "loop-device tests need root (running as " + System.getProperty("user.name") + ")";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/losetup")) && !Files.isExecutable(Path.of("/sbin/losetup"))) {
            return "losetup is not installed";
        }
        if (!Files.exists(Path.of("/dev/loop-control"))) {
            return "no /dev/loop-control: the loop driver is not available in this kernel or container";
        }
        return null;
    }

    /** Attaches {@code file} to a free loop device and returns its node (/dev/loopN). */
    static synchronized Path attachLoop(Path file, String... extraOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of("losetup", "-f", "--show"));
        command.addAll(List.of(extraOptions));
        command.add(file.toString());
        String node = run(command.toArray(new String[0])).trim();
        ATTACHED.add(node);
        return Path.of(node);
    }

    static synchronized void detachAll() {
        for (String node : ATTACHED) {
            try {
                run("losetup", "-d", node);
            } catch (IOException e) {
                System.err.println("could not detach " + node + ": " + e.getMessage());
            }
        }
        ATTACHED.clear();
    }

    /** Runs a command, returns its standard output, throws with its output if it fails. */
    static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + String.join(" ", command), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.trim());
        }
        return output;
    }
}
