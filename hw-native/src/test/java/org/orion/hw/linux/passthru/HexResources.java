package org.orion.hw.linux.passthru;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the hex dumps under src/test/resources/passthru: whitespace-separated bytes, '#' starts a comment. */
final class HexResources {
    private HexResources() {
    }

    static byte[] load(String name) {
        try (InputStream in = HexResources.class.getResourceAsStream("/passthru/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /passthru/" + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String data = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : data.trim().split("[\\s,]+")) {
                if (!token.isEmpty()) {
                    out.write(Integer.parseInt(token, 16));
                }
            }
        }
        return out.toByteArray();
    }
}
