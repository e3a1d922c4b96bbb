package org.orion.hw.sim;

import org.orion.driver.api.io.IoOp;

/**
 * How long a simulated disk takes to serve one request: a fixed cost per operation plus a cost per
 * byte moved. Every request is timed on its own from the moment it is accepted (the disk serves up
 * to its queue depth in parallel, as an SSD does), so a request completes at
 * {@code acceptedAt + serviceNanos(op, lengthBytes)}.
 *
 * <p>Per-byte costs are in picoseconds because real transfer rates are fractions of a nanosecond per
 * byte (550 MB/s is about 1818 ps per byte). {@link #ZERO} means "no simulated time at all": the
 * disk then completes each request synchronously inside {@code submit} on the caller's thread.
 *
 * @param readBaseNanos      fixed cost of a READ
 * @param writeBaseNanos     fixed cost of a WRITE, DISCARD or WRITE_ZEROES
 * @param flushNanos         cost of a FLUSH
 * @param readPicosPerByte   added per byte read
 * @param writePicosPerByte  added per byte written (DISCARD and WRITE_ZEROES move no bytes)
 */
public record LatencyModel(long readBaseNanos, long writeBaseNanos, long flushNanos, long readPicosPerByte,
                           long writePicosPerByte) {
    /** No simulated latency: requests complete inside {@code submit}. */
    public static final LatencyModel ZERO = new LatencyModel(0, 0, 0, 0, 0);

    /** Keeps {@code lengthBytes * picosPerByte} far from overflow for any int length. */
    private static final long MAX_PICOS_PER_BYTE = 1_000_000_000L;

    public LatencyModel {
        requireNonNegative("readBaseNanos", readBaseNanos);
        requireNonNegative("writeBaseNanos", writeBaseNanos);
        requireNonNegative("flushNanos", flushNanos);
        requirePicos("readPicosPerByte", readPicosPerByte);
        requirePicos("writePicosPerByte", writePicosPerByte);
    }

    /**
     * A model from a transfer rate instead of a per-byte cost.
     *
     * @param bytesPerSecond sustained rate for both directions, positive
     */
    public static LatencyModel of(long readBaseNanos, long writeBaseNanos, long flushNanos, long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("latency model: transfer rate " + bytesPerSecond
                    + " bytes/s must be positive (use LatencyModel.ZERO for no latency)");
        }
        long picosPerByte = Math.max(1, 1_000_000_000_000L / bytesPerSecond);
        return new LatencyModel(readBaseNanos, writeBaseNanos, flushNanos, picosPerByte, picosPerByte);
    }

    /** True when every cost is zero, so requests complete synchronously. */
    public boolean isZero() {
        return readBaseNanos == 0 && writeBaseNanos == 0 && flushNanos == 0 && readPicosPerByte == 0
                && writePicosPerByte == 0;
    }

    /** Simulated service time of one request. */
    public long serviceNanos(IoOp op, int lengthBytes) {
        switch (op) {
            case READ:
                return readBaseNanos + lengthBytes * readPicosPerByte / 1000;
            case WRITE:
                return writeBaseNanos + lengthBytes * writePicosPerByte / 1000;
            case FLUSH:
                return flushNanos;
            default:
                return writeBaseNanos;
        }
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("latency model: " + field + " is " + value + ", must be zero or more");
        }
    }

    private static void requirePicos(String field, long value) {
        if (value < 0 || value > MAX_PICOS_PER_BYTE) {
            throw new IllegalArgumentException("latency model: " + field + " is " + value + ", must be between 0 and "
                    + MAX_PICOS_PER_BYTE + " ps per byte");
        }
    }
}
