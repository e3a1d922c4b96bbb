/**
 * The kernel-facing view of arrays: what the command line and the NBD server may ask of a driver
 * that builds arrays ({@link org.orion.driver.api.array.ArrayService}), the array itself
 * ({@link org.orion.driver.api.array.ArrayDevice}, a block device with a status and management
 * actions) and value records describing it. The kernel reaches drivers only through these
 * interfaces, never through their classes. Thread-safe.
 */
package org.orion.driver.api.array;
