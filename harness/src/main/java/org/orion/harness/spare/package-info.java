/**
 * The kernel's spare pool: disks that belong to no array ({@code [spares] pool}, and those a
 * {@code [[spare_groups]]} entry reserves for its arrays), plus the idle spares that arrays of one
 * spare group lend each other, as mdadm --monitor moves spares between the arrays of a
 * spare-group (MoveSpare).
 *
 * <p>Why here and not in the RAID driver (DESIGN.md lists spare pools under
 * {@code org.orion.raid.spare}): a pool spans arrays, and its disks belong to no array, so the
 * kernel owns them, just as md leaves spare migration to mdadm in user space. An array still
 * activates its own spares itself, at once, on its management thread (the failover path); only
 * when none of them fits does it ask this pool, through the API's
 * {@link org.orion.driver.api.array.SpareProvider}, and the pool hands a disk over with
 * {@code ArrayDevice.removeSpare} / {@code addMember}. So the pool never reaches into a driver.
 *
 * <p>Threads: decisions run on the asking array's management thread under the pool's lock and
 * only read statuses; hand-overs and spare-count checks run on the pool's own thread
 * ({@code orion-spares}). Must not import raid-driver classes or tomlj.
 */
package org.orion.harness.spare;
