package org.orion.hw.linux.passthru;

/** Which way a pass-through command moves its data buffer. */
public enum DataDirection {
    NONE, FROM_DEVICE, TO_DEVICE
}
