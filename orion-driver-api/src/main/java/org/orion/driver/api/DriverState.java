package org.orion.driver.api;

/**
 * Where a driver is in its lifecycle. The kernel moves a driver only along
 * {@code NEW -> PROBED -> ATTACHED -> STARTED -> STOPPED -> DETACHED} (a stopped driver may be
 * started again), and records {@code FAILED} when a lifecycle call throws.
 */
public enum DriverState {
    NEW, PROBED, ATTACHED, STARTED, STOPPED, DETACHED, FAILED
}
