package org.orion.hw.sim.fault;

import java.util.Objects;

/**
 * One fault that actually struck, for logs and for checking that a seed replays: two runs with the
 * same plan and I/O sequence produce equal lists of injections.
 *
 * @param operation   number of the request it struck (-1 for a power loss, which is not a request)
 * @param atNanos     the device clock when it struck
 * @param fault       which fault of the plan
 * @param offsetBytes where it struck: the request's offset, the redirected write's target, the
 *                    flipped byte's device offset, or the first bad sector's byte offset
 * @param detail      a number whose meaning depends on the fault: flipped bit (0-7), sectors made
 *                    bad, physical blocks that kept their new content at a torn power
 *                    loss, delay in nanoseconds; 0 if none
 */
public record Injection(long operation, long atNanos, Fault fault, long offsetBytes, long detail) {
    public Injection {
        Objects.requireNonNull(fault, "fault");
    }
}
