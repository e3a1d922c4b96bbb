/**
 * Linux md metadata 1.x: the superblock every member of an md array carries, read and written
 * bit-compatibly with the Linux kernel and mdadm 4.2 (see /work/shared/reference/md-format.md §1,
 * §2.1 and §6.4).
 *
 * <p>Owns: the immutable {@link org.orion.raid.md.Superblock1} value (every on-disk field) and its
 * builder; {@link org.orion.raid.md.SuperblockCodec}, which turns the little-endian bytes into that
 * value and back and refuses what the kernel refuses; {@link org.orion.raid.md.SuperblockLocator},
 * which finds a 1.0, 1.1 or 1.2 superblock on a {@code BlockDevice} and writes one back;
 * {@link org.orion.raid.md.MdCreateRules}, the values mdadm writes when it creates an array
 * (data offset, bad-block log placement, names, UUIDs); {@link org.orion.raid.md.BadBlockLog} (the
 * log's entries) and {@link org.orion.raid.md.BadBlockLogArea} (reading and writing it on a member,
 * device sectors to data-area offsets); {@link org.orion.raid.md.ExamineFormatter}, which prints a
 * member the way {@code mdadm --examine} does (text, {@code --brief}) or as a versioned JSON document;
 * and {@link org.orion.raid.md.ExamineBadBlocks} ({@code mdadm --examine-badblocks}).
 *
 * <p>Assembly, the command line and the array state machine live elsewhere and use this package:
 * they change a superblock only through the {@code with...} methods, which keep every field that
 * the change does not concern exactly as it was read.
 *
 * <p>Threads: values here are immutable and safe to share. Codec, rules and formatters are
 * stateless. Reading and writing superblocks is blocking control-path I/O (through
 * {@code SyncIo}); it runs on whichever thread owns the array's state (the array manager's
 * conductor) or on the command line's thread, never on the ring handler.
 *
 * <p>Must not import: the ring, the stripe engine, parity kernels or array state. It depends only on
 * {@code org.orion.driver.api} (devices, errors) and the JDK.
 */
package org.orion.raid.md;
