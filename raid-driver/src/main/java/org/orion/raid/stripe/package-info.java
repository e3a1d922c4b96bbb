/**
 * The stripe engine: splits client requests into stripe operations, serializes operations on the
 * same stripe, chooses full-stripe write, read-modify-write or reconstruct-write by the number of
 * reads each needs, gathers the partial-stripe writes of a sequential writer into full-stripe
 * writes ({@link org.orion.raid.stripe.StripeGatherer}), writes the full column ranges of a stripe
 * together with one member write per contiguous run ({@link org.orion.raid.stripe.StripeWriteBatch}),
 * reconstructs what missing or failing members
 * cannot give, rewrites sectors that returned media errors, and marks members faulty through the
 * {@link org.orion.raid.array.ArrayManager}.
 *
 * <p>Threads: everything here runs on the array's single ring handler thread, so nothing is locked
 * or volatile; the only cross-thread hand-off is the member completion, which is published back into
 * the ring. Two exceptions: for members that complete inside {@code submit}, background passes
 * hand their reads and writes to two submitter threads
 * ({@link org.orion.raid.stripe.BackgroundSubmitter}, a queue each, fed only by the handler), so a
 * rebuild's reads, parity maths and writes overlap; and {@link org.orion.raid.stripe.FastReads}:
 * reads that need no stripe work go from the submitting thread straight to a member and complete
 * on the member's thread, reading only state that is safe from any thread, and hand anything that
 * fails back to the ring. Operations, member requests and buffers are pooled: steady state
 * allocates nothing.
 */
package org.orion.raid.stripe;
