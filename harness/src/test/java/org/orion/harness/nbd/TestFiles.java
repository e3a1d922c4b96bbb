package org.orion.harness.nbd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Seeded data files and their digests for the real-client tests. */
public final class TestFiles {
    private TestFiles() {
    }

    /**
     * Writes {@code bytes} of seeded random data to {@code file}, leaving a hole (never written, so
     * it reads as zeroes and is sparse) of {@code holeBytes} at {@code holeOffset}.
     */
    public static Path random(Path file, long bytes, long seed, long holeOffset, long holeBytes) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] block = new byte[1 << 20];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long at = 0; at < bytes; at += block.length) {
                random.nextBytes(block);
                int length = (int) Math.min(block.length, bytes - at);
                if (at >= holeOffset && at + length <= holeOffset + holeBytes) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(block, 0, length);
                while (b.hasRemaining()) {
                    ch.write(b, at + b.position());
                }
            }
            ch.truncate(bytes);
            if (ch.size() < bytes) {
                ch.write(ByteBuffer.allocate(1), bytes - 1);
            }
        }
        return file;
    }

    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
