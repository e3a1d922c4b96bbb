package org.orion.raid.stripe;

/**
 * Hears about a background pass. Called on the ring handler thread: implementations hand the news
 * to another thread (a superblock write, a log line) and return at once.
 */
public interface SyncListener {
    /**
     * Every stripe below {@code checkpointStripe} is done: a restart may resume there
     * (md's resync_offset / recovery checkpoint).
     */
    void onProgress(SyncKind kind, long checkpointStripe, long totalStripes);

    /** The pass reached the end (or was stopped, then {@code completed} is false). */
    void onFinished(SyncKind kind, boolean completed, SyncResult result);

    SyncListener NONE = new SyncListener() {
        public void onProgress(SyncKind kind, long checkpointStripe, long totalStripes) {
        }

        public void onFinished(SyncKind kind, boolean completed, SyncResult result) {
        }
    };
}
