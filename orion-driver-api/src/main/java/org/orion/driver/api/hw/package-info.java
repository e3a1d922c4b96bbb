/**
 * Hardware as the kernel sees it: {@link org.orion.driver.api.hw.StorageController}s that own
 * {@link org.orion.driver.api.hw.PhysicalDisk}s, each with a {@link org.orion.driver.api.hw.Transport},
 * a {@link org.orion.driver.api.hw.DiskIdentity} and SMART-like
 * {@link org.orion.driver.api.hw.HealthSnapshot}s. Values are immutable records; reading health is
 * thread-safe and may be done from a polling thread while I/O runs.
 */
package org.orion.driver.api.hw;
