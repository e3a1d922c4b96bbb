/**
 * The kernel-facing contract of Orion: the {@link org.orion.driver.api.Driver} lifecycle, the
 * {@link org.orion.driver.api.DriverContext} a driver is given, and the control-path error model
 * ({@link org.orion.driver.api.OrionException} with a stable {@link org.orion.driver.api.ErrorCode}).
 *
 * <p>Threads: lifecycle methods are called by the kernel's lifecycle thread, one at a time per driver.
 * This package imports nothing but the JDK and slf4j-api.
 */
package org.orion.driver.api;
