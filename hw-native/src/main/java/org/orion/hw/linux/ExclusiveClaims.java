package org.orion.hw.linux;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Members this JVM has opened exclusively, keyed by device number (block devices) or
 * device+inode (files). The kernel would refuse a second O_EXCL open anyway; this table lets the
 * message say "already opened by this process as X" instead of guessing.
 */
final class ExclusiveClaims {
    private static final ConcurrentMap<String, String> CLAIMS = new ConcurrentHashMap<>();

    private ExclusiveClaims() {
    }

    /** Claims {@code key} for {@code owner}; returns the current owner's name if it is already claimed, else null. */
    static String claim(String key, String owner) {
        return CLAIMS.putIfAbsent(key, owner);
    }

    static void release(String key) {
        CLAIMS.remove(key);
    }
}
