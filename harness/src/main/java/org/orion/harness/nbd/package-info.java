/**
 * The NBD server: exports any {@link org.orion.driver.api.block.BlockDevice} (an assembled array,
 * a simulated disk, a file) over the Network Block Device protocol, fixed newstyle, to real
 * clients (qemu-img/qemu-io, nbdcopy/nbdinfo/nbdfuse, fio's nbd engine, the Linux nbd client).
 * {@link org.orion.harness.nbd.NbdServer} is the one entry point; everything else is
 * package-private.
 *
 * <p>What it owns: the listening sockets, the handshake, the request/reply wire format, the
 * per-connection request pools and buffers, and the read-modify-write that lets it advertise a
 * 1-byte minimum block over devices of 512-byte or 4 KiB blocks.
 *
 * <p>Threads:
 * <ul>
 *   <li>{@code orion-nbd-acceptor}: accepts connections.</li>
 *   <li>{@code orion-nbd-N} (one per connection): the handshake, then reads requests and submits
 *       them to the device asynchronously (up to 64 in flight).</li>
 *   <li>{@code orion-nbd-N-tx} (one per connection): continues requests after device completions
 *       and is the only writer of replies.</li>
 *   <li>Device threads run completions, which only queue the request for {@code -tx}.</li>
 * </ul>
 * The data path allocates nothing per request once the pools have warmed up.
 *
 * <p>Must not import a driver's classes (raid-driver, hw-native) or hw-sim: it sees devices only
 * through the driver API. The protocol reference is {@code shared/reference/nbd-protocol.md}.
 */
package org.orion.harness.nbd;
