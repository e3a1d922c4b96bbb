package org.orion.raid.md;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * The values {@code mdadm --create} (4.2) writes into a new array's 1.2 superblocks
 * (md-format.md §1.8; mdadm {@code Create.c}, {@code super1.c} init/add/write_init,
 * {@code validate_geometry1}), so an array Orion creates looks to md and mdadm exactly like one
 * mdadm created, and a user moving between the two sees the same sizes and offsets.
 *
 * <p>Not modelled: mdadm 4.2 adds an internal write-intent bitmap when the per-member size
 * exceeds 100 GiB; Orion writes none (the space mdadm would give it stays free before the
 * bad-block log), and PPL/journal/cluster arrays. Randomness (UUIDs) and time are inputs.
 */
public final class MdCreateRules {
    /** mdadm's default chunk for striped levels. */
    public static final int DEFAULT_CHUNK_KIB = 512;
    /** Space kept before data for reshapes, at most 128 MiB (aiming for about 0.1 % of the device). */
    static final long MAX_HEADROOM_SECTORS = 128L * 1024 * 2;
    /** Data offsets are rounded up to 1 MiB. */
    static final long DATA_OFFSET_ALIGN_SECTORS = 2048;
    /** 1.2 superblock location. */
    static final long SUPER_OFFSET_SECTORS = 8;
    /** Sectors mdadm reserves for the bad-block log (4 KiB = 512 entries). */
    static final int BBLOG_SECTORS = 8;

    private MdCreateRules() {
    }

    /**
     * mdadm's {@code choose_bm_space}: room kept for a future bitmap, in sectors, for a device or
     * component of {@code sectors}: 0 below 64 KiB, 4 KiB up to 8 GiB, 64 KiB up to 200 GiB, then
     * 128 KiB.
     */
    public static long bitmapSpaceSectors(long sectors) {
        if (sectors < 64 * 2) {
            return 0;
        }
        if (sectors - 64 * 2 >= 200L * 1024 * 1024 * 2) {
            return 128 * 2;
        }
        if (sectors - 4 * 2 > 8L * 1024 * 1024 * 2) {
            return 64 * 2;
        }
        return 4 * 2;
    }

    /**
     * mdadm's default data offset for 1.1/1.2 on a member of {@code deviceSectors}:
     * {@code 24 + bitmap space + headroom} rounded up to 1 MiB, where headroom starts at 128 MiB and
     * halves while it exceeds 1/1024 of the device and half of it is still at least four chunks
     * ({@code chunkKiB} 0 = no chunk limit, as for RAID1). 1 TB gives 264192, 100 GiB 133120.
     */
    public static long defaultDataOffsetSectors(long deviceSectors, int chunkKiB) {
        long headroom = MAX_HEADROOM_SECTORS;
        while ((headroom << 10) > deviceSectors && (chunkKiB == 0 || headroom / 2 >= (long) chunkKiB * 2 * 2)) {
            headroom >>= 1;
        }
        long offset = 12 * 2 + bitmapSpaceSectors(deviceSectors) + headroom;
        return (offset + DATA_OFFSET_ALIGN_SECTORS - 1) / DATA_OFFSET_ALIGN_SECTORS * DATA_OFFSET_ALIGN_SECTORS;
    }

    /**
     * mdadm's {@code max_dev} for {@code devices} slots and spares: the role table fills the
     * superblock up to the next 512-byte boundary, so 128 for up to 128 devices.
     */
    public static int maxDev(int devices) {
        int bytes = SuperblockLayout.writtenBytes(devices);
        return (bytes - SuperblockLayout.FIXED_BYTES) / 2;
    }

    /**
     * The {@code set_name} mdadm stores: {@code homehost:name} when the name has no colon and the
     * whole fits in 31 bytes, otherwise the name cut to 31 bytes. Names are UTF-8 bytes on disk;
     * the result holds one char per byte (see {@link Superblock1#setName()}).
     */
    public static String setName(String name, String homehost) {
        String nameBytes = utf8Bytes(name);
        if (homehost != null && !homehost.isEmpty() && name.indexOf(':') < 0) {
            String prefixed = utf8Bytes(homehost) + ":" + nameBytes;
            if (prefixed.length() < SuperblockLayout.SET_NAME_BYTES) {
                return prefixed;
            }
        }
        return nameBytes.substring(0, Math.min(nameBytes.length(), SuperblockLayout.SET_NAME_BYTES - 1));
    }

    /**
     * Where mdadm puts the bad-block log of a 1.1/1.2 member, in signed sectors from the
     * superblock, or 0 for none: after the superblock's 4 KiB and the bitmap space chosen for the
     * component size, or else just below the data, or nowhere if even that does not fit.
     */
    public static int badBlockLogOffsetSectors(long superOffsetSectors, long sizeSectors, long dataOffsetSectors) {
        long bitmapOffset = 8;
        long bitmapSpace = bitmapSpaceSectors(sizeSectors);
        if (dataOffsetSectors >= superOffsetSectors + bitmapOffset + bitmapSpace + BBLOG_SECTORS) {
            return (int) (bitmapOffset + bitmapSpace);
        }
        if (dataOffsetSectors >= superOffsetSectors + 16) {
            return (int) (dataOffsetSectors - BBLOG_SECTORS - superOffsetSectors);
        }
        return 0;
    }

    /**
     * The 1.2 superblock mdadm writes on a fresh device of {@code deviceSectors} with permanent
     * number {@code devNumber}: events 0, update time = creation time, data running to the end of
     * the device, a bad-block log if the array has one, and a correct checksum.
     */
    public static Superblock1 newMember(NewArray array, int devNumber, long deviceSectors, MdUuid deviceUuid) {
        if (deviceSectors - array.dataOffsetSectors() < Math.max(array.sizeSectors(), 10)) {
            throw new OrionException(ErrorCode.SIZE, "device " + devNumber + " has " + deviceSectors
                    + " sectors, too few for data offset " + array.dataOffsetSectors() + " plus "
                    + array.sizeSectors() + " sectors per member: use a larger device or a smaller --size");
        }
        int bblogOffset = array.badBlockLog()
                ? badBlockLogOffsetSectors(SUPER_OFFSET_SECTORS, array.sizeSectors(), array.dataOffsetSectors()) : 0;
        return Superblock1.builder()
                .featureMap(array.featureMap())
                .setUuid(array.setUuid())
                .setName(array.setName())
                .ctime(array.ctime())
                .level(array.level())
                .layout(array.layout())
                .sizeSectors(array.sizeSectors())
                .chunkSectors(array.chunkSectors())
                .raidDisks(array.raidDisks())
                .dataOffsetSectors(array.dataOffsetSectors())
                .dataSizeSectors(deviceSectors - array.dataOffsetSectors())
                .superOffsetSectors(SUPER_OFFSET_SECTORS)
                .devNumber(devNumber)
                .deviceUuid(deviceUuid)
                .bblogSizeSectors(bblogOffset == 0 ? 0 : BBLOG_SECTORS)
                .bblogOffsetSectors(bblogOffset)
                .utime(array.ctime())
                .events(0)
                .resyncOffsetSectors(array.resyncOffsetSectors())
                .devRoles(array.devRoles())
                .buildWithChecksum();
    }

    /**
     * Every superblock of a new 1.2 array, decided as mdadm 4.2 decides them: sizes, data offset
     * (the first present device decides), device numbers and roles (for RAID4/5, and RAID6 with one
     * missing slot, the last active device is made a spare so md rebuilds it instead of resyncing
     * parity, which is faster), whether an initial resync is needed, {@code max_dev}, and random
     * array and device UUIDs drawn from {@code random} (pass a {@code SecureRandom}).
     */
    public static MdCreatePlan plan(MdCreateRequest request, Random random) {
        CreateGeometry geometry = CreateGeometry.of(request);
        List<MdCreateRequest.Device> devices = request.devices();
        int raidDevices = request.raidDevices();

        // Create.c numbers devices by position and gives device i slot i (those past the slots are
        // spares), except the device at the insert point: its slot stays empty and it joins last, as
        // a spare for md to rebuild into that slot.
        int insertPoint = geometry.insertPoint();
        int[] numbers = new int[devices.size()];
        DevRoles table = DevRoles.allSpare(maxDev(geometry.slotsAndSpares()));
        for (int i = 0; i < devices.size(); i++) {
            boolean joinsLast = i == insertPoint;
            numbers[i] = devices.get(i).isMissing() ? -1 : joinsLast ? devices.size() : i;
            if (numbers[i] >= 0) {
                table = table.with(numbers[i], joinsLast || i >= raidDevices ? DevRoles.SPARE : i);
            }
        }
        NewArray array = new NewArray(MdUuid.random(random), setName(request.name(), request.homehost()),
                MdTime.ofSeconds(request.ctimeSeconds()), request.level(), request.layout(), geometry.chunkKiB() * 2,
                raidDevices, geometry.sizeKiB() * 2, geometry.dataOffsetSectors(),
                geometry.clean() ? Superblock1.MAX_SECTOR : 0, geometry.featureMap(), table, request.badBlockLog());

        List<MdCreatePlan.Member> members = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            if (numbers[i] >= 0) {
                MdCreateRequest.Device device = devices.get(i);
                Superblock1 sb = newMember(array, numbers[i], device.sectors(), MdUuid.random(random));
                members.add(new MdCreatePlan.Member(i, device, sb));
            }
        }
        return new MdCreatePlan(array, members);
    }

    /** A name's UTF-8 bytes, one char per byte: how names are held in {@link Superblock1#setName()}. */
    static String utf8Bytes(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
