/**
 * The central SPI: {@link org.orion.driver.api.block.BlockDevice}, its geometry
 * ({@link org.orion.driver.api.block.BlockDeviceInfo}), the wrapper base class
 * {@link org.orion.driver.api.block.FilterBlockDevice}, and the kernel's
 * {@link org.orion.driver.api.block.DeviceRegistry}.
 *
 * <p>Threads: {@code submit} may be called from any number of threads at once; completions run on
 * whatever thread the device chooses. The registry is thread-safe.
 */
package org.orion.driver.api.block;
