package org.orion.raid.md;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The md-made RAID5 vector (4 x 7 MiB, left-symmetric, 64 KiB chunks) in the shared directory:
 * {@code -Dorion.shared.dir} or {@code ../../shared} from the module directory. Images are
 * decompressed once per test run.
 */
final class MdVectors {
    static final String VECTOR = "raid5-ls-4x7M-64k";
    static final int MEMBERS = 4;

    private static byte[][] images;

    private MdVectors() {
    }

    static Path dir() {
        String configured = System.getProperty("orion.shared.dir");
        Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
        Path dir = shared.resolve("vectors").resolve(VECTOR);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("md test vector " + VECTOR + " not found at " + dir.toAbsolutePath()
                    + ": check out the shared directory beside the repository or run with -Dorion.shared.dir=...");
        }
        return dir;
    }

    /** The whole image of member {@code i} (a copy, so tests may damage it). */
    static synchronized byte[] image(int i) {
        if (images == null) {
            images = new byte[MEMBERS][];
            for (int m = 0; m < MEMBERS; m++) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(dir().resolve("disk" + m + ".img.gz")),
                        1 << 16)) {
                    images[m] = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return images[i].clone();
    }

    /** The 4096 bytes at sector 8 of member {@code i}. */
    static byte[] superblockBlock(int i) {
        return Arrays.copyOfRange(image(i), 4096, 8192);
    }

    static Map<String, String> expected() {
        Map<String, String> env = new HashMap<>();
        for (String line : lines("expected.env")) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 1) {
                continue;
            }
            env.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
        }
        return env;
    }

    /** The real {@code mdadm --examine} output for member {@code i} in create.log, header line included. */
    static List<String> examineLines(int member) {
        List<String> log = lines("create.log");
        String marker = "(member " + member + ", image disk" + member + ".img) =====";
        int start = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith("===== mdadm --examine") && log.get(i).endsWith(marker)) {
                start = i + 1;
            }
        }
        if (start < 0) {
            throw new IllegalStateException("create.log has no --examine section for member " + member);
        }
        List<String> out = new ArrayList<>();
        for (int i = start; i < log.size() && !log.get(i).startsWith("RESULT "); i++) {
            out.add(log.get(i));
        }
        return out;
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
