package org.orion.harness.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code [nbd]}: the listen address, an optional Unix socket, and the default export. */
final class NbdSectionReader {
    private static final String[] KEYS = {"listen", "unix_socket", "export"};
    private static final Pattern ADDRESS = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)\\]|([A-Za-z0-9.-]+)):([0-9]{1,5})");
    private static final String ADDRESS_RULE = "\"host:port\" or \"[ipv6]:port\" with a port 1..65535, e.g. \""
            + NbdSettings.DEFAULT_LISTEN + "\"";

    private NbdSectionReader() {
    }

    static NbdSettings read(TomlSection nbd, Path configDir, List<ArraySpec> arrays, List<ControllerSpec> controllers) {
        nbd.rejectUnknownKeys();
        String listen = nbd.string("listen").orElse(NbdSettings.DEFAULT_LISTEN);
        Matcher m = ADDRESS.matcher(listen);
        if (!m.matches()) {
            throw nbd.problem("listen", "is not an address", ADDRESS_RULE);
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        int port = Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw nbd.problem("listen", "has a port out of range", ADDRESS_RULE);
        }
        Optional<Path> socket = nbd.string("unix_socket").map(p -> {
            if (p.isBlank()) {
                throw nbd.problem("unix_socket", "is empty", "a file path, or leave the key out");
            }
            return configDir.resolve(p).normalize();
        });
        Optional<String> export = nbd.string("export");
        if (export.isPresent() && !exists(export.get(), arrays, controllers)) {
            throw nbd.problem("export", "names no array or disk", "the name of an [[arrays]] entry or a \"controller/disk\"");
        }
        return new NbdSettings(host, port, socket, export);
    }

    private static boolean exists(String name, List<ArraySpec> arrays, List<ControllerSpec> controllers) {
        if (arrays.stream().anyMatch(a -> a.name().equals(name))) {
            return true;
        }
        return controllers.stream().anyMatch(c -> c.disks().stream().anyMatch(d -> c.deviceName(d).equals(name)));
    }
}
