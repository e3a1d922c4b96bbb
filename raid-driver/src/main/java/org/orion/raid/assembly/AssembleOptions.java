package org.orion.raid.assembly;

/**
 * How to assemble, as mdadm's options say it.
 *
 * @param force    start a dirty degraded RAID4/5/6 anyway (data in stripes being written at the crash
 *                 may be wrong: md's rule, which mdadm's --force overrides)
 * @param readOnly assemble without writing anything to the members (image export, inspection)
 * @param name     the array's name for messages and the registry, or null for the superblock's
 */
public record AssembleOptions(boolean force, boolean readOnly, String name) {
    public static final AssembleOptions DEFAULT = new AssembleOptions(false, false, null);
    public static final AssembleOptions READ_ONLY = new AssembleOptions(false, true, null);
}
