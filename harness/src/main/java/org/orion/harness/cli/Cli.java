package org.orion.harness.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The {@code orion} command: global options, choosing a mode, and turning failures into one
 * {@code orion: <message>} line on stderr plus an exit status. Global options may appear before or
 * after the mode word (mdadm is as lenient); everything else after the mode word belongs to the
 * mode. Stack traces are printed only with {@code --debug}.
 */
public final class Cli {
    static final String USAGE = "orion [--config FILE] [--debug] {" + Modes.names() + "} [ARGS...]";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path cwd;

    /**
     * @param env the process environment ({@code ORION_CONFIG}, {@code ORION_HOME})
     * @param cwd the directory relative paths on the command line are resolved against
     */
    public Cli(PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.cwd = cwd;
    }

    /** Runs one command line and returns the exit status; never throws, never exits the JVM. */
    public int run(List<String> args) {
        boolean debug = globalFlag(args, "--debug");
        try {
            return dispatch(args, debug);
        } catch (UsageException e) {
            err.println("orion: " + e.getMessage());
            err.println("usage: " + e.usage());
            return ExitCodes.USAGE;
        } catch (OrionException e) {
            return fail(e.getMessage(), e, e.code().exitCode(), debug);
        } catch (UncheckedIOException e) {
            return fail(e.getCause().getMessage(), e, ExitCodes.FAILURE, debug);
        } catch (RuntimeException | StackOverflowError e) {
            return fail("internal error: " + e + (debug ? "" : " (run again with --debug for the stack trace, "
                    + "and please report it)"), e, ErrorCode.INTERNAL.exitCode(), debug);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int dispatch(List<String> args, boolean debug) {
        Optional<String> config = Optional.empty();
        boolean help = false;
        boolean version = false;
        Mode mode = null;
        List<String> modeArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                modeArgs.addAll(args.subList(i, args.size()));
                break;
            } else if (arg.equals("--debug")) {
                continue;
            } else if (arg.equals("--config")) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option --config needs a value", USAGE);
                }
                config = Optional.of(args.get(++i));
            } else if (arg.startsWith("--config=")) {
                config = Optional.of(arg.substring("--config=".length()));
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else if (arg.equals("--version") || arg.equals("-V")) {
                version = true;
            } else if (mode == null && clusteredModeFlag(arg)) {
                // mdadm's "-Es" = "-E -s": the mode letter first, the rest are the mode's flags.
                mode = Modes.find(arg.substring(0, 2)).orElseThrow();
                modeArgs.add("-" + arg.substring(2));
            } else if (mode == null) {
                mode = Modes.find(arg).orElseThrow(() -> new UsageException(
                        (arg.startsWith("-") ? "unknown option or mode '" : "unknown mode '") + arg + "'", USAGE));
                if (arg.startsWith("--") && arg.indexOf('=') > 0) {
                    // A mode word with a value (mdadm's --action=check): the mode parses it as an option.
                    modeArgs.add(arg);
                }
            } else {
                modeArgs.add(arg);
            }
        }
        if (config.isPresent() && config.get().isBlank()) {
            throw new UsageException("option --config needs a file name", USAGE);
        }
        if (version) {
            out.println("orion " + version());
            return ExitCodes.OK;
        }
        if (help) {
            out.print(mode == null ? help() : "usage: " + mode.usage() + "\n\n" + mode.help());
            return ExitCodes.OK;
        }
        if (mode == null) {
            throw new UsageException("no mode given (orion --help lists them)", USAGE);
        }
        return mode.run(new Invocation(out, err, env, cwd, debug, config), modeArgs);
    }

    private int fail(String message, Throwable e, int status, boolean debug) {
        err.println("orion: " + message);
        if (debug) {
            e.printStackTrace(err);
        }
        return status;
    }

    /** True for "-Eb": a short mode alias with more short options clustered after it. */
    private static boolean clusteredModeFlag(String arg) {
        return arg.length() > 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-' && Modes.find(arg).isEmpty()
                && Modes.find(arg.substring(0, 2)).isPresent();
    }

    /** True if {@code flag} appears before any {@code --}. */
    private static boolean globalFlag(List<String> args, String flag) {
        int end = args.indexOf("--");
        return (end < 0 ? args : args.subList(0, end)).contains(flag);
    }

    static String help() {
        StringBuilder text = new StringBuilder("usage: " + USAGE + "\n\n");
        text.append("Orion RAID: an md-compatible software RAID in a microkernel-style driver framework.\n\n");
        text.append("Modes:\n");
        for (Mode mode : Modes.all()) {
            text.append(String.format("  %-28s %s%n", mode.usage().substring("orion ".length()), mode.summary()));
        }
        text.append("\nGlobal options (before or after the mode):\n");
        text.append("  --config FILE   configuration file (default: $ORION_CONFIG, else ./orion.toml)\n");
        text.append("  --debug         log at debug level and print stack traces with errors\n");
        text.append("  --help, -h      this help; 'orion MODE --help' describes a mode\n");
        text.append("  --version, -V   print the version\n");
        text.append("\nExit status: 0 ok, 1 failed, 2 usage error, 3 bad configuration, 4 not found, 5 conflict,\n");
        text.append("6 unsupported, 7 corrupt data, 8 I/O error, 9 wrong size, 10 refused as unsafe, 70 internal error.\n");
        return text.toString();
    }

    /** The build's version, from a resource Maven fills in. */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
