package org.orion.harness.nbd;

import org.orion.driver.api.spi.LargePageMemory;

/**
 * What a {@link Connection} needs from its server: the exports, the shutdown flag, its limits,
 * and a way to say it ended. Implemented by {@link NbdServer}.
 */
interface ServerContext {
    ExportRegistry registry();

    boolean isShuttingDown();

    /** Requests in flight per connection (the exchange pool size). */
    int maxInFlight();

    /** Buffer bytes a connection may own at once. */
    long bufferBudgetBytes();

    /** Where a connection's big buffers come from, or null for ordinary direct memory. */
    LargePageMemory largePages();

    void connectionEnded(Connection connection);
}
