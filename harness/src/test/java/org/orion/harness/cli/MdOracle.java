package org.orion.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The md oracle of {@code shared/tools/md-oracle}: a real Linux kernel with md and mdadm booted in
 * a throw-away VM. Runs its {@code vm-run} with a guest script of ours and images attached, keeps
 * the whole guest log under {@code target/md-oracle/}, and returns the {@code RESULT key=value}
 * lines the guest printed.
 */
final class MdOracle {
    private static final Pattern RESULT = Pattern.compile("^RESULT (\\S+?)=(.*)$", Pattern.MULTILINE);
    private static final long VM_TIMEOUT_SECONDS = 600;

    /**
     * What one VM run printed.
     *
     * @param exitCode vm-run's exit status (the guest script's, 90+ for a VM failure)
     * @param log      the file holding everything it printed
     * @param results  RESULT lines, key to value
     */
    record Run(int exitCode, Path log, Map<String, String> results) {
        String result(String key) {
            return results.getOrDefault(key, "(none)");
        }

        /** The guest log lines about array {@code idx}: from its section header to the next. */
        String excerpt(int idx) {
            String text;
            try {
                text = Files.readString(log);
            } catch (IOException e) {
                return "(log unreadable: " + e + ")";
            }
            int start = text.indexOf("===== a" + idx + ":");
            if (start < 0) {
                return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
            }
            int end = text.indexOf("\n===== a" + (idx + 1) + ":", start);
            int kernel = text.indexOf("\n===== kernel md messages", start);
            end = end < 0 ? (kernel < 0 ? text.length() : kernel) : end;
            return text.substring(start, Math.min(end, start + 6000));
        }
    }

    private MdOracle() {
    }

    static Path directory() {
        return ArrayImages.sharedDir().resolve("tools").resolve("md-oracle");
    }

    /** Why the oracle cannot run here, or empty when it can. */
    static Optional<String> unavailable() {
        Path dir = directory();
        if (!Files.isExecutable(dir.resolve("vm-run"))) {
            return Optional.of("no md oracle at " + dir + " (check out the shared directory beside the repository)");
        }
        if (!onPath("qemu-system-x86_64") || !onPath("mdadm") || !onPath("busybox") && !Files.exists(Path.of("/bin/busybox"))) {
            return Optional.of("qemu-system-x86_64, mdadm or busybox is missing: run " + dir.resolve("setup"));
        }
        try (var kernels = Files.newDirectoryStream(Path.of("/boot"), "vmlinuz-*-amd64")) {
            if (!kernels.iterator().hasNext()) {
                return Optional.of("no /boot/vmlinuz-*-amd64 for the guest: run " + dir.resolve("setup"));
            }
        } catch (IOException e) {
            return Optional.of("cannot list /boot: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String part : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!part.isEmpty() && Files.isExecutable(Path.of(part, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Boots the VM with {@code images} (serials m0, m1, ... in order) and runs {@code header}
     * followed by the guest script resource {@code script}.
     *
     * @param snapshot guest writes are thrown away (the images stay as they are)
     * @param name     names the log file, {@code target/md-oracle/<name>.log}
     */
    static Run vmRun(String name, String header, String script, List<Path> images, boolean snapshot) {
        try {
            Path logs = Path.of("target", "md-oracle").toAbsolutePath();
            Files.createDirectories(logs);
            Path guest = logs.resolve(name + ".sh");
            Files.writeString(guest, header + "\n" + resource(script));
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(directory().resolve("vm-run").toString()));
            if (snapshot) {
                command.add("--snapshot");
            }
            command.add(guest.toString());
            images.forEach(i -> command.add(i.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(VM_TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("md oracle run " + name + " did not finish in " + VM_TIMEOUT_SECONDS + " s; log: "
                        + log);
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Map<String, String> results = new LinkedHashMap<>();
            Matcher m = RESULT.matcher(text);
            while (m.find()) {
                results.put(m.group(1), m.group(2).trim());
            }
            return new Run(p.exitValue(), log, results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while the md oracle ran", e);
        }
    }

    /** Runs one of the oracle's own commands ({@code md-verify ...}); returns its exit code and output. */
    static Run tool(String name, List<String> args) {
        try {
            Path logs = Path.of("target", "md-oracle").toAbsolutePath();
            Files.createDirectories(logs);
            Path log = logs.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(directory().resolve(args.get(0)).toString()));
            command.addAll(args.subList(1, args.size()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(VM_TIMEOUT_SECONDS + 60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(args.get(0) + " did not finish; log: " + log);
            }
            return new Run(p.exitValue(), log, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String resource(String script) throws IOException {
        try (InputStream in = MdOracle.class.getResourceAsStream("md-oracle/" + script)) {
            if (in == null) {
                throw new IOException("no guest script resource md-oracle/" + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
