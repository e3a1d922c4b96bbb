/**
 * {@code orion.toml} to validated records: {@link org.orion.harness.config.ConfigLoader} reads the
 * file with tomlj (the only package in Orion that imports tomlj) and returns an
 * {@link org.orion.harness.config.OrionConfig}, or stops at the first problem with a one-line
 * {@code CONFIG} error naming file, line, key, value and what is allowed. Also owns the size and
 * interval syntax ({@link org.orion.harness.config.ByteSizes}: K = KB = KiB = 1024, as in mdadm) and
 * the {@link org.orion.driver.api.spi.DriverConfig} view drivers get.
 *
 * <p>Threads: runs on whichever thread loads the configuration (the CLI's main thread); the records
 * it returns are immutable and safe to share. Must not import the kernel, the CLI or hw-sim.
 */
package org.orion.harness.config;
