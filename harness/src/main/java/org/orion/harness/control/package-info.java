/**
 * The control socket between the {@code orion} command line and a running kernel ({@code orion
 * serve}): a Unix-domain socket, mode 0600 so only its owner (and root) can manage arrays.
 *
 * <pre>
 *   client: one request line, words separated by TAB, e.g.  "fail\tmd0\tsata0/disk2\n"
 *   server: one line with the exit status ("0\n"), then the body (what the CLI prints), then close
 *
 *   streaming commands (monitor): "0\n", then one line per event for as long as either side wants
 * </pre>
 *
 * <p>Threads: one acceptor thread; each connection is served on its own short-lived thread.
 * Handlers must be thread-safe. The client is used from the command line's main thread.
 */
package org.orion.harness.control;
