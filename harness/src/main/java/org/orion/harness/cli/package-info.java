/**
 * The {@code orion} command line: {@link org.orion.harness.cli.Cli} parses global options, picks a
 * {@link org.orion.harness.cli.Mode} from the one list in {@code Modes}, and maps failures to one
 * {@code orion: <message>} line and an exit status (usage 2, {@code ErrorCode.exitCode()} for the
 * rest; stack traces only with {@code --debug}). Options are parsed by hand ({@code OptionParser},
 * getopt_long style, as mdadm does); listings print text tables or a versioned JSON document.
 *
 * <p>Threads: runs on the process's main thread, which is also the kernel's lifecycle thread. May
 * use the kernel and the config package; must not import tomlj or a driver's classes.
 */
package org.orion.harness.cli;
