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

    /**
     * Creates an array with on-disk metadata (md 1.2 superblocks) and starts it; the initial resync,
     * if any, runs in the background (see {@link ArrayDevice#sync()}). Every member is checked
     * before anything is written: a refusal leaves every device as it was.
     *
     * @param devices {@code raidDevices} slots (null = {@code missing}) then the spares
     */
    ArrayDevice create(CreateRequest request, List<BlockDevice> devices);

    /**
     * Assembles and starts the array whose members are among {@code devices}; stale members are left
     * out (and said so in {@link ArrayStatus#notes()}), a dirty array is resynced in the background.
     */
    ArrayDevice assemble(AssembleRequest request, List<BlockDevice> devices);

    /**
     * mdadm's {@code --examine} of one device in {@code format}: {@code "text"}, {@code "brief"} or
     * {@code "json"}; or {@code "badblocks"}: its bad-block log as {@code mdadm --examine-badblocks}
     * lists it.
     *
     * @throws org.orion.driver.api.OrionException {@code NOT_FOUND} if the device has no superblock
     *         (or, for {@code "badblocks"}, no bad-block log), {@code CORRUPT} if its log is damaged
     */
    String examine(BlockDevice device, String format);

    /**
     * The smallest device that holds {@code memberDataBytes} of array data for a new array of this
     * level and chunk, metadata included (for creating or growing member image files).
     */
    long minimumDeviceBytes(int level, int chunkBytes, long memberDataBytes);

    /** Erases the array superblock of {@code device} (mdadm's {@code --zero-superblock}). */
    void zeroSuperblock(BlockDevice device);
}
