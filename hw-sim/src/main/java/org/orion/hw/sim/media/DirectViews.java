package org.orion.hw.sim.media;

import java.nio.ByteBuffer;

/**
 * One thread's views of the direct buffers it moves through a {@link java.nio.channels.FileChannel}:
 * a duplicate per buffer, whose position and limit are ours to set, so the request's own buffer is
 * never touched. Remembers the last {@link #SIZE} buffers (a rebuild's handler thread cycles through
 * a few dozen); steady state allocates nothing. Holding views keeps at most that many buffers
 * reachable per thread. Not thread-safe: one instance per thread.
 */
final class DirectViews {
    private static final int SIZE = 64;

    private final ByteBuffer[] buffers = new ByteBuffer[SIZE];
    private final ByteBuffer[] views = new ByteBuffer[SIZE];
    private int next;

    /** A view of {@code buffer} positioned at {@code offset} with {@code lengthBytes} remaining. */
    ByteBuffer of(ByteBuffer buffer, int offset, int lengthBytes) {
        ByteBuffer view = null;
        for (int i = 0; i < SIZE; i++) {
            if (buffers[i] == buffer) {
                view = views[i];
                break;
            }
        }
        if (view == null) {
            view = buffer.duplicate();
            buffers[next] = buffer;
            views[next] = view;
            next = (next + 1) % SIZE;
        }
        // The buffer's capacity, not its limit, bounds a request (devices ignore position and limit).
        view.limit(view.capacity()).position(offset).limit(offset + lengthBytes);
        return view;
    }
}
