package org.orion.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;
import org.orion.harness.config.ByteSizes;
import org.orion.harness.nbd.NbdServer;

/**
 * The demo's NBD step: exports the demo array read-only on an ephemeral loopback port with the same
 * {@link NbdServer} that {@code orion serve} runs, and proves that a client gets exactly the array's
 * bytes: the sha256 of what came over the wire must equal the sha256 of the array read directly.
 *
 * <p>The client is nbdcopy (libnbd, a real client with several connections) when it is on the PATH;
 * otherwise {@link NbdReader}, a minimal client built in, so the step works on any machine. The
 * printed line says which one ran.
 */
final class DemoNbdStep {
    private static final String EXPORT = "md-demo";
    private static final int IO_BYTES = 1 << 20;
    private static final long NBDCOPY_TIMEOUT_SECONDS = 120;

    /** Which client proves the export: nbdcopy if installed, or the built-in reader. */
    enum Client {
        AUTO, NBDCOPY, BUILTIN;

        static Client parse(String text) {
            return switch (text) {
                case "auto" -> AUTO;
                case "nbdcopy" -> NBDCOPY;
                case "builtin" -> BUILTIN;
                default -> throw new IllegalArgumentException(text);
            };
        }
    }

    private DemoNbdStep() {
    }

    /** Runs the step; returns the sentence for the demo's numbered line. Throws if the bytes differ. */
    static String run(BlockDevice array, Path scratchDir, Client choice) {
        Optional<Path> nbdcopy = choice == Client.BUILTIN ? Optional.empty() : onPath("nbdcopy");
        if (choice == Client.NBDCOPY && nbdcopy.isEmpty()) {
            throw new OrionException(ErrorCode.NOT_FOUND, "--nbd-client nbdcopy: nbdcopy is not on the PATH "
                    + "(apt-get install libnbd-bin), or use --nbd-client builtin");
        }
        long size = array.info().capacityBytes();
        String expected = arraySha256(array);
        try (NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0)
                .export(EXPORT, array, true, "orion demo array (read-only)").build().start()) {
            String uri = "nbd://127.0.0.1:" + server.boundPort() + "/" + EXPORT;
            long t0 = System.nanoTime();
            String got;
            String how;
            if (nbdcopy.isPresent()) {
                got = copyWithNbdcopy(nbdcopy.get(), uri, scratchDir.resolve("nbd-copy.img"));
                how = "nbdcopy (libnbd) copied all " + ByteSizes.human(size) + " out";
            } else {
                got = readWithBuiltInClient(server.boundPort(), size);
                how = (choice == Client.BUILTIN ? "" : "nbdcopy is not installed, so ")
                        + "Orion's built-in NBD client read all " + ByteSizes.human(size) + " with "
                        + (size + IO_BYTES - 1) / IO_BYTES + " READ requests";
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!got.equals(expected)) {
                throw new OrionException(ErrorCode.INTERNAL, "demo FAILED: the NBD client got sha256 " + got
                        + " but the array holds " + expected);
            }
            return String.format("exported md-demo read-only at %s; %s in %.1f s: sha256 %s...%s matches the array",
                    uri, how, seconds, got.substring(0, 8), got.substring(got.length() - 4));
        }
    }

    private static String copyWithNbdcopy(Path nbdcopy, String uri, Path target) {
        Path log = target.resolveSibling("nbdcopy.log");
        try {
            Process p = new ProcessBuilder(List.of(nbdcopy.toString(), uri, target.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            if (!p.waitFor(NBDCOPY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new OrionException(ErrorCode.IO, "demo FAILED: nbdcopy did not finish within "
                        + NBDCOPY_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new OrionException(ErrorCode.IO, "demo FAILED: nbdcopy " + uri + " exited " + p.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
            String digest = fileSha256(target);
            Files.deleteIfExists(target);
            return digest;
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "demo FAILED: cannot run nbdcopy: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OrionException(ErrorCode.INTERNAL, "demo interrupted while nbdcopy ran", e);
        }
    }

    private static String readWithBuiltInClient(int port, long size) {
        MessageDigest md = sha256();
        byte[] block = new byte[IO_BYTES];
        try (NbdReader reader = new NbdReader("127.0.0.1", port, EXPORT)) {
            if (reader.sizeBytes() != size) {
                throw new OrionException(ErrorCode.INTERNAL, "demo FAILED: the export says " + reader.sizeBytes()
                        + " bytes, the array has " + size);
            }
            for (long off = 0; off < size; off += IO_BYTES) {
                int n = (int) Math.min(IO_BYTES, size - off);
                reader.read(off, block, n);
                md.update(block, 0, n);
            }
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "demo FAILED: reading the NBD export: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The array's own bytes, read through the block device API, not over NBD. */
    private static String arraySha256(BlockDevice array) {
        MessageDigest md = sha256();
        long size = array.info().capacityBytes();
        ByteBuffer buffer = ByteBuffer.allocateDirect(IO_BYTES);
        for (long off = 0; off < size; off += IO_BYTES) {
            int n = (int) Math.min(IO_BYTES, size - off);
            IoStatus status = SyncIo.read(array, off, buffer, 0, n);
            if (status != IoStatus.OK) {
                throw new OrionException(ErrorCode.IO, "demo FAILED: read at byte " + off + " returned " + status);
            }
            md.update(buffer.duplicate().position(0).limit(n));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String fileSha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[IO_BYTES];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program));
            }
        }
        return Optional.empty();
    }
}
