/**
 * RAID level address mapping: where each array byte lives on the members, for md's RAID0 (with
 * zones), RAID1, RAID4, RAID5, RAID6 and RAID10 layouts, bit-compatible with Linux md
 * (see /work/shared/reference/md-format.md §2 and §4).
 *
 * <p>{@link org.orion.raid.level.RaidLayout} is the contract the data path codes against;
 * {@link org.orion.raid.level.LevelManager} is the only way to obtain one, the only code that
 * switches on the level number, and the place where invalid geometries are refused. The concrete
 * classes also offer reverse mapping (member offset to array offset) for check and repair.
 *
 * <p>Threads: everything here is immutable arithmetic, safe from any thread; the data path calls
 * {@code map} on its ring handler thread with a reused {@link org.orion.raid.level.StripeMap}, and
 * mapping allocates nothing. Layouts are built on the control path.
 *
 * <p>Must not import: I/O, the ring, parity kernels, array state. This package knows geometry
 * only; it depends on nothing but {@code org.orion.driver.api} for its exceptions.
 */
package org.orion.raid.level;
