package org.orion.driver.api.event;

/**
 * A range of array bytes {@code [startBytes, endBytes)}, as events report where mismatches were
 * found or blocks were lost. Array addresses, not member addresses, so a user can map them to files.
 */
public record ByteRange(long startBytes, long endBytes) {
    public ByteRange {
        if (startBytes < 0 || endBytes < startBytes) {
            throw new IllegalArgumentException("byte range [" + startBytes + ", " + endBytes + ") is not a range");
        }
    }

    public long lengthBytes() {
        return endBytes - startBytes;
    }

    /** {@code start-end}, the way --detail and --action print ranges. */
    @Override
    public String toString() {
        return startBytes + "-" + endBytes;
    }
}
