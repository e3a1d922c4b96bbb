/**
 * Shared test suites for implementations of the driver API, shipped in this module's test-jar.
 * {@link org.orion.driver.api.testing.AbstractBlockDeviceContractTest} is the rule book of
 * {@link org.orion.driver.api.block.BlockDevice}: every device in Orion extends it and supplies only
 * the device. Tests run on JUnit's thread plus the submitter threads they start.
 */
package org.orion.driver.api.testing;
