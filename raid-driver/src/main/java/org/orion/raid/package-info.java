/**
 * The RAID driver's entry points: {@link org.orion.raid.RaidBlockDevice}, an assembled array that is
 * itself a {@link org.orion.driver.api.block.BlockDevice}, and its tuning
 * ({@link org.orion.raid.RaidOptions}).
 *
 * <p>Threads: {@code submit} is called from any thread and only publishes into the array's ring;
 * all data-path state lives on the ring's handler thread ({@code org.orion.raid.stripe}).
 */
package org.orion.raid;
