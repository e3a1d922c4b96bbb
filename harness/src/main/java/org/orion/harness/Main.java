package org.orion.harness;

import java.nio.file.Path;
import java.util.Arrays;
import org.orion.harness.cli.Cli;

/** The process entry point of {@code orion}: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = new Cli(System.out, System.err, System.getenv(), Path.of("")).run(Arrays.asList(args));
        System.exit(status);
    }
}
