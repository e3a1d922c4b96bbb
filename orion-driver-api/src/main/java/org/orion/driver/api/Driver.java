package org.orion.driver.api;

/**
 * A driver loaded by the Orion kernel. The kernel calls the lifecycle methods in order, one at a
 * time, from its lifecycle thread:
 *
 * <ol>
 *   <li>{@link #probe(DriverContext)}: may this driver run here? Returns false to decline quietly
 *       (for example a native driver on a host without the library it needs). Must not start
 *       threads or open devices.</li>
 *   <li>{@link #attach(DriverContext)}: bind to devices and allocate resources. After a throw the
 *       kernel calls {@link #detach()} so partial work can be undone.</li>
 *   <li>{@link #start()}: begin serving (start threads, accept I/O).</li>
 *   <li>{@link #stop()}: stop accepting new work, drain what is in flight, flush. Idempotent.</li>
 *   <li>{@link #detach()}: release everything attach acquired. Idempotent.</li>
 * </ol>
 *
 * A stopped driver may be started again. Errors are reported by throwing {@link OrionException}.
 */
public interface Driver {
    /** A short stable name, e.g. {@code "raid"}; unique within a kernel. */
    String name();

    boolean probe(DriverContext context);

    void attach(DriverContext context);

    void start();

    void stop();

    void detach();
}
