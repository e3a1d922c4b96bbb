package org.orion.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Member image files for the command-line tests: sparse images, sha256 of files (to prove a refused
 * command changed nothing), byte patches at superblock offsets, and the md oracle's test pattern
 * (AES-128-CTR keystream, key 00..0f, counter 0; md-oracle/README.md).
 */
final class ArrayImages {
    /** Where a 1.2 superblock starts on a member. */
    static final long SUPERBLOCK_BYTES = 4096;

    private ArrayImages() {
    }

    /** {@code count} sparse images {@code <prefix>0.img...} of {@code bytes} each; returns their names. */
    static List<String> sparse(Path dir, String prefix, int count, long bytes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = prefix + i + ".img";
            resize(dir.resolve(name), bytes);
            names.add(name);
        }
        return names;
    }

    static void resize(Path file, long bytes) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites bytes of {@code file} at {@code offset}. */
    static void patch(Path file, long offset, byte... bytes) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(Path file, long offset, int length) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[length];
            raf.seek(offset);
            raf.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] data, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, 0, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sha256 of each named file in {@code dir}, in order: compare before and after a refused command. */
    static Map<String, String> hashes(Path dir, List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, Files.exists(dir.resolve(name)) ? sha256(dir.resolve(name)) : "(absent)");
        }
        return out;
    }

    /** The first {@code bytes} bytes of the md oracle pattern. */
    static byte[] pattern(int bytes) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            byte[] key = new byte[16];
            for (int i = 0; i < 16; i++) {
                key[i] = (byte) i;
            }
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            return cipher.update(new byte[bytes]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, byte[] data, int length) {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(data, 0, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void gunzip(Path from, Path to) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(from), 1 << 16)) {
            Files.copy(in, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first group of {@code regex} in {@code text}, or a failure naming what was missing. */
    static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for /" + regex + "/ in:\n" + text);
        }
        return m.group(1);
    }

    /** The shared directory beside the repository ({@code -Dorion.shared.dir} overrides). */
    static Path sharedDir() {
        String configured = System.getProperty("orion.shared.dir");
        return (configured != null ? Path.of(configured) : Path.of("..", "..", "shared")).toAbsolutePath().normalize();
    }

    /** A member list as command-line words. */
    static String[] args(List<String> head, List<String> members) {
        List<String> all = new ArrayList<>(head);
        all.addAll(members);
        return all.toArray(new String[0]);
    }
}
