/**
 * End-to-end tests of {@code orion serve} as a separate process: each test class writes its own
 * orion.toml (small simulated disks, its own state directory, a free loopback port), starts the real
 * {@code org.orion.harness.Main serve} in a child JVM, waits for its "ready" line, and drives it only
 * from outside: real NBD clients (nbdinfo, nbdcopy, qemu-img, qemu-io, fio, nbdfuse + loop + ext4),
 * the {@code orion} command line over the control socket, and signals.
 *
 * <p>Why a child process and not an in-process server: these tests are about what a user gets, so
 * signal handling, the clean-or-dirty superblock on exit, the control socket file and the ready line
 * all have to be the real ones. In-process tests of the NBD protocol live in
 * {@code org.orion.harness.nbd}; their client and FUSE helpers are reused here.
 *
 * <p>Every child is killed in the test's after-method, and by a JVM shutdown hook if the test JVM
 * itself is ended, so a failing test never leaves a kernel holding a port or a FUSE mount.
 * Tagged {@code serve}; the ext4 test is also tagged {@code root}.
 */
package org.orion.harness.serve;
