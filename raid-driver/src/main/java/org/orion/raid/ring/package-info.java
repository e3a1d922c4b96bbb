/**
 * The array's request ring: an LMAX Disruptor ring of pre-allocated {@link org.orion.raid.ring.RingEvent}
 * slots, filled by static translators, consumed by one handler thread that owns all stripe state.
 * Client requests, member completions and control commands all travel through it, so the handler
 * never needs a lock.
 *
 * <p>Threads: any thread publishes; exactly one thread (the handler, named
 * {@code orion-ring-<array>}) consumes. Publishing allocates nothing.
 */
package org.orion.raid.ring;
