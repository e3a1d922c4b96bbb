package org.orion.driver.api.hw;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a burn-in.
 *
 * @param name                 device name
 * @param startBytes           first byte tested
 * @param lengthBytes          bytes tested
 * @param destructive          whether the pattern was written and verified
 * @param seed                 pattern seed
 * @param writeErrors          write requests that failed
 * @param readErrors           read requests that failed (unreadable ranges)
 * @param mismatchedBlocks     logical blocks that did not read back what was written
 * @param firstBadOffsets      byte offsets of the first few failures
 * @param writeBytesPerSecond  write throughput (0 when read-only)
 * @param readBytesPerSecond   read throughput
 */
public record BurnInReport(String name, long startBytes, long lengthBytes, boolean destructive, long seed,
                           long writeErrors, long readErrors, long mismatchedBlocks, List<Long> firstBadOffsets,
                           double writeBytesPerSecond, double readBytesPerSecond) {
    public BurnInReport {
        Objects.requireNonNull(name, "name");
        firstBadOffsets = List.copyOf(firstBadOffsets);
    }

    /** No errors and no mismatches. */
    public boolean passed() {
        return writeErrors == 0 && readErrors == 0 && mismatchedBlocks == 0;
    }
}
