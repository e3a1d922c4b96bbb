package org.orion.driver.api.array;

/**
 * One member slot as the array sees it.
 *
 * @param slot  RAID role (md raid_disk)
 * @param name  device name, or {@code "missing"}
 * @param state {@code in_sync}, {@code faulty} or {@code missing}
 */
public record MemberStatus(int slot, String name, String state) {
}
