package org.orion.harness.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.harness.config.ConfigLoader;
import org.orion.harness.config.OrionConfig;

/**
 * What a mode runs with: where to print, the environment and working directory it was started in,
 * the global options, and the configuration, loaded on first use so that {@code --help} and modes
 * that need no configuration work without one.
 */
public final class Invocation {
    static final String CONFIG_ENV = "ORION_CONFIG";
    static final String HOME_ENV = "ORION_HOME";
    private static final String DEFAULT_CONFIG = "orion.toml";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path cwd;
    private final boolean debug;
    private final Optional<String> configOption;
    private OrionConfig config;

    Invocation(PrintStream out, PrintStream err, Map<String, String> env, Path cwd, boolean debug,
               Optional<String> configOption) {
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.env = Map.copyOf(env);
        this.cwd = cwd.toAbsolutePath();
        this.debug = debug;
        this.configOption = Objects.requireNonNull(configOption, "configOption");
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean debug() {
        return debug;
    }

    /**
     * The configuration named by {@code --config}, else {@code $ORION_CONFIG}, else
     * {@code ./orion.toml}; relative names are resolved against the working directory. Also sets
     * the log level from {@code [kernel] log_level} ({@code --debug} forces "debug") before anything
     * creates a logger.
     */
    public OrionConfig config() {
        if (config == null) {
            Optional<String> named = configOption.or(() -> Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()));
            String displayName = named.orElse(DEFAULT_CONFIG);
            Path file = cwd.resolve(displayName);
            if (named.isEmpty() && !Files.exists(file)) {
                String home = env.get(HOME_ENV);
                throw new OrionException(ErrorCode.CONFIG, "no orion.toml in " + cwd + ": pass --config FILE or set "
                        + CONFIG_ENV + (home == null ? "" : " (the default is " + Path.of(home, DEFAULT_CONFIG) + ")"));
            }
            config = ConfigLoader.load(file, displayName);
            LogLevels.apply(debug ? "debug" : config.kernel().logLevel());
        }
        return config;
    }

    /**
     * Like {@link #config()}, but when no file is named and there is no {@code ./orion.toml}, the
     * built-in defaults (no simulated hardware, no arrays): the mdadm-style modes work on image
     * files and block devices without any configuration, as mdadm does.
     */
    public OrionConfig configOrDefaults() {
        if (config == null && configOption.isEmpty()
                && Optional.ofNullable(env.get(CONFIG_ENV)).filter(s -> !s.isBlank()).isEmpty()
                && !Files.exists(cwd.resolve(DEFAULT_CONFIG))) {
            config = ConfigLoader.parse("", cwd, "(built-in defaults)");
            // Like mdadm, say only what matters unless asked: warnings and errors.
            LogLevels.apply(debug ? "debug" : "warn");
        }
        return config();
    }

    /** The directory relative paths on the command line are resolved against. */
    public Path cwd() {
        return cwd;
    }
}
