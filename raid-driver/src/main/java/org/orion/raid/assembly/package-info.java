/**
 * Arrays that persist: turning member devices with md 1.x superblocks into a running array
 * ({@link org.orion.raid.assembly.ArrayAssembler}: event counts, stale members, degraded and dirty
 * rules as md applies them), and keeping those superblocks truthful while it runs
 * ({@link org.orion.raid.assembly.MdArray}: events, utime, dev_roles and resync_offset updated on
 * start, member failure and stop; {@code MemberBadBlocks}: each member's md bad-block log, read at
 * assembly, written before a rebuild's checkpoint or end relies on it, rewritten when writes heal
 * its ranges).
 *
 * <p>Threads: assembly runs on the caller's (command line) thread. A running MdArray writes
 * superblocks on its own single "conductor" thread; the ring handler only asks it to. One decision
 * is taken on the ring handler thread: when a member fails, it claims the standby spare the
 * conductor armed and starts its rebuild in the same ring event (failover without a hand-off); the
 * conductor records it afterwards.
 */
package org.orion.raid.assembly;
