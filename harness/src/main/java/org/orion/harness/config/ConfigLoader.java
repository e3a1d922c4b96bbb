package org.orion.harness.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads {@code orion.toml} into an {@link OrionConfig}. The first problem found stops the load with
 * an {@link OrionException} of code {@link ErrorCode#CONFIG} whose message is one line naming the
 * file, line, table and key, the value, and what is allowed. Nothing is created on disk here.
 */
public final class ConfigLoader {
    private static final String[] SECTIONS = {"kernel", "raid", "controllers", "arrays", "spares",
        "spare_groups", "nbd"};

    private ConfigLoader() {
    }

    /**
     * Loads {@code file}; relative paths inside it ({@code state_dir}, disk images, sockets) are
     * resolved against the file's directory.
     *
     * @param displayName how messages name the file, usually as the user wrote it
     */
    public static OrionConfig load(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OrionException(ErrorCode.CONFIG, displayName + ": no such configuration file "
                    + "(check the name passed with --config or in ORION_CONFIG)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new OrionException(ErrorCode.CONFIG, displayName + ": cannot read the configuration file: "
                    + e.getMessage() + " (check that it is a readable UTF-8 text file)", e);
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(text, dir, displayName);
    }

    /** Parses configuration text as if it were a file in {@code configDir}. */
    public static OrionConfig parse(String text, Path configDir, String displayName) {
        TomlParseResult toml = Toml.parse(text);
        if (toml.hasErrors()) {
            TomlParseError error = toml.errors().get(0);
            throw new OrionException(ErrorCode.CONFIG, displayName + ":" + error.position().line()
                    + ": TOML syntax error: " + error.getMessage() + " (fix the syntax; TOML is described at toml.io)");
        }
        TomlSection root = new TomlSection(displayName, toml, "", null, SECTIONS);
        root.rejectUnknownKeys();
        KernelSettings kernel = kernel(root.section("kernel", "[kernel]", "state_dir", "log_level", "events_file",
                "program"), configDir);
        RaidSettings raid = RaidSectionReader.read(root.section("raid", "[raid]", RaidSectionReader.KEYS));
        List<ControllerSpec> controllers = new HardwareSectionReader(configDir, kernel.stateDir()).read(root);
        SpareSectionReader spareReader = new SpareSectionReader(controllers);
        java.util.Set<String> groups = spareReader.readGroups(root);
        List<ArraySpec> arrays = new ArraySectionReader(raid, controllers, groups).read(root);
        SpareSettings spares = spareReader.finish(root, arrays);
        NbdSettings nbd = NbdSectionReader.read(root.section("nbd", "[nbd]", "listen", "unix_socket", "export"),
                configDir, arrays, controllers);
        return new OrionConfig(displayName, kernel, raid, controllers, arrays, spares, nbd);
    }

    private static KernelSettings kernel(TomlSection section, Path configDir) {
        section.rejectUnknownKeys();
        String stateDir = section.string("state_dir").orElse(KernelSettings.DEFAULT_STATE_DIR);
        if (stateDir.isBlank()) {
            throw section.problem("state_dir", "is empty", "a directory path, relative to the configuration file");
        }
        Map<String, String> levels = new LinkedHashMap<>();
        for (String level : List.of("error", "warn", "info", "debug", "trace")) {
            levels.put(level, level);
        }
        String logLevel = section.choice("log_level", levels, KernelSettings.DEFAULT_LOG_LEVEL);
        return new KernelSettings(configDir.resolve(stateDir).normalize(), logLevel,
                path(section, "events_file", configDir, "a file name for the JSON-lines event log"),
                path(section, "program", configDir, "the path of a program to run for each event"));
    }

    /** An optional non-blank path, resolved against the configuration file's directory. */
    private static Optional<Path> path(TomlSection section, String key, Path configDir, String allowed) {
        Optional<String> text = section.string(key);
        if (text.isPresent() && (text.get().isBlank() || text.get().indexOf('\0') >= 0)) {
            throw section.problem(key, "is not a path", allowed + ", relative to the configuration file");
        }
        return text.map(t -> configDir.resolve(t).normalize());
    }
}
