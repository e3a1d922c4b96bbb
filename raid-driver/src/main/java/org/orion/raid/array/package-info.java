/**
 * Array state: the members of an array, their roles and health, and the one owner that changes
 * them ({@link org.orion.raid.array.ArrayManager}). Later: the md superblock codec.
 *
 * <p>Threads: every mutation runs on the array's ring handler thread (commands from other threads
 * travel through the ring); other threads read published state through volatile snapshots.
 */
package org.orion.raid.array;
