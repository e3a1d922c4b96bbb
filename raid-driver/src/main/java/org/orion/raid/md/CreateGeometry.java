package org.orion.raid.md;

import java.util.List;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The array-wide numbers {@link MdCreateRules#plan} derives from a request, with mdadm's
 * refusals as messages naming the device and the fix.
 *
 * @param chunkKiB          effective chunk (mdadm's default applied), 0 for RAID1
 * @param dataOffsetSectors data offset of every member
 * @param sizeKiB           per-member size written as {@code size} (0 for RAID0 without --size)
 * @param insertPoint       index of the device made a spare to be rebuilt, or -1
 * @param clean             no initial resync needed
 * @param slotsAndSpares    raid devices plus spares, what {@code max_dev} is sized for
 * @param featureMap        feature bits of every member
 */
record CreateGeometry(int chunkKiB, long dataOffsetSectors, long sizeKiB, int insertPoint, boolean clean,
                      int slotsAndSpares, int featureMap) {

    static CreateGeometry of(MdCreateRequest request) {
        List<MdCreateRequest.Device> devices = request.devices();
        int level = request.level();
        int raidDevices = request.raidDevices();
        checkCounts(request);
        int chunkKiB = chunkKiB(request);

        int none = devices.size() * 2;
        int firstMissing = none;
        int secondMissing = none;
        int present = 0;
        int activePresent = 0;
        MdCreateRequest.Device first = null;
        for (int i = 0; i < devices.size(); i++) {
            MdCreateRequest.Device device = devices.get(i);
            if (device.isMissing()) {
                if (firstMissing > i) {
                    firstMissing = i;
                } else if (secondMissing > i) {
                    secondMissing = i;
                }
                continue;
            }
            first = first == null ? device : first;
            present++;
            activePresent += i < raidDevices ? 1 : 0;
        }
        if (first == null) {
            throw new OrionException(ErrorCode.USAGE, "every device is 'missing': name at least one real device");
        }
        if (level <= 0 && firstMissing != none) {
            throw new OrionException(ErrorCode.USAGE, "raid" + level + " cannot have missing devices: every slot"
                    + " needs a device");
        }
        long dataOffset = request.dataOffsetSectors() >= 0 ? request.dataOffsetSectors()
                : MdCreateRules.defaultDataOffsetSectors(first.sectors(), chunkKiB);
        long sizeKiB = sizeKiB(request, chunkKiB, dataOffset);

        // RAID4/5: build the last slot by recovery rather than resync (faster); RAID6 with exactly one
        // missing slot likewise, because md cannot resync a RAID6 that is already degraded.
        int insertPoint = -1;
        boolean rebuild = !request.assumeClean() && !request.force();
        if (rebuild && firstMissing >= raidDevices && (level == 4 || level == 5)) {
            insertPoint = raidDevices - 1;
        }
        if (rebuild && firstMissing < raidDevices && secondMissing >= raidDevices && level == 6) {
            insertPoint = raidDevices - 1 == firstMissing ? raidDevices - 2 : raidDevices - 1;
        }
        int active = activePresent - (insertPoint >= 0 ? 1 : 0);
        boolean degradedOrRebuilt = insertPoint >= 0 || (level == 6 ? secondMissing : firstMissing) < raidDevices;
        boolean clean = ((level == 4 || level == 5 || level == 6) && degradedOrRebuilt) || level <= 0
                || request.assumeClean();
        int slotsAndSpares = raidDevices + (present - active);
        if (slotsAndSpares > DevRoles.MAX_ENTRIES) {
            throw new OrionException(ErrorCode.USAGE, "too many devices: " + raidDevices + " slots and "
                    + (present - active) + " spares exceed md's 1920");
        }
        int featureMap = level == 0 && request.layout() != 0 && raid0SizesDiffer(request, chunkKiB)
                ? FeatureMap.RAID0_LAYOUT : 0;
        return new CreateGeometry(chunkKiB, dataOffset, sizeKiB, insertPoint, clean, slotsAndSpares, featureMap);
    }

    private static void checkCounts(MdCreateRequest request) {
        int level = request.level();
        if (level != 0 && level != 1 && level != 4 && level != 5 && level != 6 && level != 10) {
            throw new OrionException(ErrorCode.UNSUPPORTED, "level " + level
                    + " cannot be created: use raid0, raid1, raid4, raid5, raid6 or raid10");
        }
        int raidDevices = request.raidDevices();
        int given = request.devices().size();
        if (raidDevices < 1 || given < raidDevices) {
            throw new OrionException(ErrorCode.USAGE, given + " devices given for " + raidDevices
                    + " raid devices: name one device (or 'missing') per slot, then any spares");
        }
        int fewest = level == 6 ? 4 : level == 4 || level == 5 || level == 10 ? 2 : 1;
        if (raidDevices < fewest) {
            throw new OrionException(ErrorCode.USAGE, "raid" + level + " needs at least " + fewest
                    + " raid devices, not " + raidDevices);
        }
        if (level <= 0 && given > raidDevices) {
            throw new OrionException(ErrorCode.USAGE, "raid" + level + " cannot have spares: give exactly "
                    + raidDevices + " devices");
        }
    }

    private static int chunkKiB(MdCreateRequest request) {
        int level = request.level();
        int chunk = request.chunkKiB();
        if (level == 1) {
            if (chunk != 0) {
                throw new OrionException(ErrorCode.USAGE, "raid1 has no chunk size: drop --chunk");
            }
            return 0;
        }
        chunk = chunk == 0 ? MdCreateRules.DEFAULT_CHUNK_KIB : chunk;
        if (chunk < 4 || Integer.bitCount(chunk) != 1) {
            throw new OrionException(ErrorCode.USAGE, "chunk of " + chunk
                    + " KiB is invalid: use a power of two of at least 4 KiB");
        }
        return chunk;
    }

    /** The per-member size: the smallest member's room rounded down to the chunk, or --size. */
    private static long sizeKiB(MdCreateRequest request, int chunkKiB, long dataOffset) {
        long requested = request.sizeKiB();
        if (requested > 0 && chunkKiB > 0) {
            requested = requested / chunkKiB * chunkKiB;
            if (requested == 0) {
                throw new OrionException(ErrorCode.USAGE, "--size " + request.sizeKiB()
                        + "K is smaller than the " + chunkKiB + "K chunk: give a larger size");
            }
        }
        long smallest = Long.MAX_VALUE;
        for (MdCreateRequest.Device device : request.devices()) {
            if (device.isMissing()) {
                continue;
            }
            if (device.sectors() <= dataOffset) {
                throw new OrionException(ErrorCode.SIZE, "device " + device.name() + " is too small ("
                        + device.sectors() / 2 + "K) for the required metadata (" + dataOffset / 2
                        + "K before the data): use a larger device or a smaller --data-offset");
            }
            long freeKiB = (device.sectors() - dataOffset) / 2;
            if (chunkKiB > 0) {
                freeKiB = freeKiB / chunkKiB * chunkKiB;
            }
            if (freeKiB == 0) {
                throw new OrionException(ErrorCode.SIZE, "no free space left on " + device.name()
                        + " after the " + dataOffset / 2 + "K data offset: use a larger device or a smaller chunk");
            }
            if (requested > 0 && freeKiB < requested) {
                throw new OrionException(ErrorCode.SIZE, device.name() + " is smaller than the given size: "
                        + freeKiB + "K < " + requested + "K plus metadata: use a larger device or a smaller --size");
            }
            smallest = Math.min(smallest, freeKiB);
        }
        if (requested > 0) {
            return requested;
        }
        if (request.level() <= 0) {
            return 0;
        }
        // RAID1 rounds to 64 KiB so a later conversion to RAID5 has a chunk to work with.
        return request.level() == 1 ? smallest & ~63L : smallest;
    }

    /** RAID0 needs its layout recorded when members differ in size (in whole chunks). */
    private static boolean raid0SizesDiffer(MdCreateRequest request, int chunkKiB) {
        long chunkSectors = chunkKiB * 2L;
        long explicitOffset = Math.max(request.dataOffsetSectors(), 0);
        Long firstChunks = null;
        for (MdCreateRequest.Device device : request.devices()) {
            long chunks = (device.sectors() - explicitOffset) / chunkSectors;
            if (firstChunks == null) {
                firstChunks = chunks;
            } else if (chunks != firstChunks) {
                return true;
            }
        }
        return false;
    }
}
