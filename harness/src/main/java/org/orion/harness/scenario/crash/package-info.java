/**
 * Crash-state exploration: records every member write and flush of a workload on an md 1.2 array
 * created through {@link org.orion.driver.api.array.ArrayService}, builds the member images a power
 * cut could leave (at flush boundaries and inside an epoch: any subset of the unflushed writes,
 * torn per sector), reassembles each through the same service, lets the resync finish and checks
 * the durability guarantee, the superblocks and the parity; and, for the write hole, the same with a
 * member lost before the resync. docs/crash-consistency.md states the guarantees.
 *
 * <p>Public: {@link org.orion.harness.scenario.crash.CrashStateExplorer} (the entry point),
 * {@link org.orion.harness.scenario.crash.CrashCampaignSpec} and the reports; everything else is
 * package-private.
 *
 * <p>Threads: an explorer runs on its caller's thread (one workload request at a time, so a seed
 * gives the same trace); members are written by the array's ring and conductor threads and record
 * under a lock. Reaches the RAID driver only through the API; imports nothing from raid-driver.
 */
package org.orion.harness.scenario.crash;
