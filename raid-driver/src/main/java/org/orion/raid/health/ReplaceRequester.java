package org.orion.raid.health;

/**
 * Starts a proactive hot replace of one array slot: a spare is rebuilt from the member while the
 * member still serves I/O, then takes its place (mdadm's {@code --replace}). Implemented by the
 * array's hot-replace machinery; called on the health monitor's thread, so an implementation hands
 * the request to the array's single writer and returns without waiting for the copy.
 */
@FunctionalInterface
public interface ReplaceRequester {
    /**
     * @param slot   the RAID role of the member to replace
     * @param reason why, in words ("reallocated sectors rose from 0 to 8")
     * @return true if a replace was started (or is already running) for the slot; false if it was
     *         refused (no spare after all, the array is degraded or reshaping), so the monitor may ask again
     */
    boolean requestReplace(int slot, String reason);
}
