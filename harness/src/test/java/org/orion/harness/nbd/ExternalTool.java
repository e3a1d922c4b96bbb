package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client program (nbdinfo, qemu-img, fio...) with a deadline, capturing its output.
 * Tests that need a program skip, saying which Debian package to install, when it is missing.
 */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** What a finished program left behind. */
    public record Result(int exitCode, String out, String err) {
        public Result assertOk(String what) {
            if (exitCode != 0) {
                throw new AssertionError(what + " exited " + exitCode + "\nstdout:\n" + tail(out) + "\nstderr:\n" + tail(err));
            }
            return this;
        }

        private static String tail(String s) {
            return s.length() > 4000 ? "..." + s.substring(s.length() - 4000) : s;
        }
    }

    /** Skips the test unless {@code program} is on the PATH. */
    public static void require(String program, String debianPackage) {
        assumeTrue(find(program) != null, program + " is not installed (apt-get install " + debianPackage
                + "); skipping this real-client test");
    }

    public static Path find(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs {@code command} in {@code dir}, killing it after {@code timeout}. */
    public static Result run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        return run(dir, timeout, List.of(command));
    }

    public static Result run(Path dir, Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("orion-nbd-tool", ".out");
        Path err = Files.createTempFile("orion-nbd-tool", ".err");
        try {
            List<String> full = new ArrayList<>(command);
            Path exe = find(full.get(0));
            if (exe != null) {
                full.set(0, exe.toString());
            }
            ProcessBuilder pb = new ProcessBuilder(full).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
