package org.orion.hw.linux;

import java.util.List;

/**
 * The outcome of a {@link BurnInTest}.
 *
 * @param name                device name
 * @param startBytes          first byte tested
 * @param lengthBytes         bytes tested
 * @param destructive         whether the pattern was written
 * @param seed                pattern seed
 * @param writeErrors         write requests that failed
 * @param readErrors          read requests that failed (unreadable ranges)
 * @param mismatchedBlocks    logical blocks whose content differed from the pattern written
 * @param firstBadOffsets     byte offsets of the first few failures (errors and mismatches)
 * @param writeMibPerSecond   write throughput (0 in read-only mode)
 * @param readMibPerSecond    read throughput
 */
public record BurnInResult(String name, long startBytes, long lengthBytes, boolean destructive, long seed,
                           long writeErrors, long readErrors, long mismatchedBlocks, List<Long> firstBadOffsets,
                           double writeMibPerSecond, double readMibPerSecond) {
    public BurnInResult {
        firstBadOffsets = List.copyOf(firstBadOffsets);
    }

    public boolean passed() {
        return writeErrors == 0 && readErrors == 0 && mismatchedBlocks == 0;
    }
}
