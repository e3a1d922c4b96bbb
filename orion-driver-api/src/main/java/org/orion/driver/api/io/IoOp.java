package org.orion.driver.api.io;

/** The operations a {@link org.orion.driver.api.block.BlockDevice} accepts. */
public enum IoOp {
    /** Copy {@code lengthBytes} from the device into the request's buffer. */
    READ,
    /** Copy {@code lengthBytes} from the request's buffer to the device. */
    WRITE,
    /** Make every write that completed before this flush was submitted durable. No range. */
    FLUSH,
    /** The range is no longer needed; afterwards it reads as zeroes or as its old content. */
    DISCARD,
    /** The range reads as zeroes afterwards. No buffer. */
    WRITE_ZEROES;

    /** True for operations that change the device's content. */
    public boolean modifiesData() {
        return this == WRITE || this == DISCARD || this == WRITE_ZEROES;
    }

    /** True for operations that carry a byte range. */
    public boolean hasRange() {
        return this != FLUSH;
    }

    /** True for operations that move bytes through the request's buffer. */
    public boolean usesBuffer() {
        return this == READ || this == WRITE;
    }
}
