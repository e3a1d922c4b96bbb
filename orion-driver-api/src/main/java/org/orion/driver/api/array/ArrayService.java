package org.orion.driver.api.array;

import java.util.List;
import org.orion.driver.api.block.BlockDevice;

/**
 * Implemented by a driver that builds arrays (the RAID driver). The kernel finds it among its
 * started drivers; callers never name the implementing class.
 */
public interface ArrayService {
    /** Levels this driver can build, md numbering. */
    List<Integer> supportedLevels();

    /**
     * Builds an array over {@code members} (role order; a null entry is a missing member) and starts
     * it. The array takes ownership of the members and closes them when it is closed. Nothing is
     * written to the members by building.
     *
     * @throws org.orion.driver.api.OrionException with {@code USAGE} or {@code SIZE} when the spec
     *         and members do not fit together, naming what is wrong
     */
    ArrayDevice build(ArraySpec spec, List<BlockDevice> members);
}
