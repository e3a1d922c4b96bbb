package org.orion.harness.event;

/**
 * Where the {@link EventManager} delivers events that passed its filters. Called on the manager's
 * delivery thread, one event at a time, in publication order. Must not throw (the manager counts
 * and logs it if one does) and should not block for long: it holds up the outputs after it.
 */
public interface EventOutput extends AutoCloseable {
    void write(PublishedEvent event);

    /** Called once when the manager closes, after the last {@link #write}. */
    @Override
    default void close() {
    }
}
