package org.orion.raid.stripe;

/** What a background pass over the whole array does to each stripe (md's sync_action values). */
public enum SyncKind {
    /** Recompute parity (or copy the first mirror) and write it: after creation or an unclean stop. */
    RESYNC,
    /** Read everything, compare parity (or copies), count mismatches, change nothing. */
    CHECK,
    /** As CHECK, and rewrite what does not match. */
    REPAIR,
    /** Rebuild one slot onto a new member (md's recovery; a hot replace when the old member still serves). */
    RECOVER;

    /** md's sync_action / mdstat word. */
    public String mdName() {
        return this == RECOVER ? "recovery" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
