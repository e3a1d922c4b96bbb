package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

class SuperblockLocatorTest {
    private static final long DEVICE_SECTORS = 20_000 + 3; // not 4 KiB aligned, to exercise 1.0's rounding

    /** A valid member superblock for {@code version}'s location on a device of {@link #DEVICE_SECTORS}. */
    private static Superblock1 memberAt(MetadataVersion version, long ctimeSeconds) {
        long sbStart = version.superOffsetSectors(DEVICE_SECTORS);
        boolean before = version.superblockBeforeData();
        long dataOffset = before ? 2048 : 0;
        long dataSize = before ? DEVICE_SECTORS - dataOffset : sbStart - 16;
        return Superblock1.builder().setUuid(new MdUuid(1, ctimeSeconds)).setName("h:" + version.label())
                .ctime(MdTime.ofSeconds(ctimeSeconds)).utime(MdTime.ofSeconds(ctimeSeconds)).level(1).raidDisks(2)
                .sizeSectors(dataSize).dataOffsetSectors(dataOffset).dataSizeSectors(dataSize)
                .superOffsetSectors(sbStart).devRoles(DevRoles.allSpare(128).with(0, 0).with(1, 1))
                .resyncOffsetSectors(Superblock1.MAX_SECTOR).buildWithChecksum();
    }

    @ParameterizedTest
    @EnumSource(MetadataVersion.class)
    void shouldFindASuperblockAtEachLocationAndSayWhich(MetadataVersion version) {
        ImageDevice device = new ImageDevice("sdb", new byte[(int) DEVICE_SECTORS * 512]);
        Superblock1 sb = memberAt(version, 1_000);

        SuperblockLocator.write(device, sb);
        SuperblockLocator.Found found = SuperblockLocator.find(device).orElseThrow();

        assertEquals(version, found.version());
        assertEquals(sb, found.superblock());
        assertEquals(version, found.superblock().version());
        assertEquals(sb, SuperblockLocator.read(device, version));
    }

    @Test
    void shouldPutMetadata10EightToTwelveKilobytesBeforeTheEnd() {
        long sbStart = MetadataVersion.V1_0.superOffsetSectors(DEVICE_SECTORS);

        assertEquals(19984, sbStart);
        assertTrue((DEVICE_SECTORS - sbStart) * 512 >= 8192 && (DEVICE_SECTORS - sbStart) * 512 < 12288);
        assertEquals(0, sbStart % 8);
    }

    @Test
    void shouldReportNothingOnABlankDevice() {
        assertEquals(Optional.empty(), SuperblockLocator.find(new ImageDevice("sdc", new byte[1 << 20])));
        assertEquals(Optional.empty(), SuperblockLocator.find(new ImageDevice("tiny", new byte[23 * 512])));
        OrionException e = assertThrows(OrionException.class,
                () -> SuperblockLocator.read(new ImageDevice("sdc", new byte[1 << 20]), MetadataVersion.V1_2));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().startsWith("sdc: superblock magic is 0x00000000"), e.getMessage());
    }

    @Test
    void shouldPreferTheNewerOfTwoValidSuperblocksAsMdadmDoes() {
        ImageDevice device = new ImageDevice("sdd", new byte[(int) DEVICE_SECTORS * 512]);
        SuperblockLocator.write(device, memberAt(MetadataVersion.V1_0, 2_000));
        SuperblockLocator.write(device, memberAt(MetadataVersion.V1_2, 1_000));

        assertEquals(MetadataVersion.V1_0, SuperblockLocator.find(device).orElseThrow().version());

        SuperblockLocator.write(device, memberAt(MetadataVersion.V1_2, 3_000));
        assertEquals(MetadataVersion.V1_2, SuperblockLocator.find(device).orElseThrow().version());
    }

    @Test
    void shouldSkipADamagedCopyWhenAnotherLocationIsValid() {
        ImageDevice device = new ImageDevice("sde", new byte[(int) DEVICE_SECTORS * 512]);
        SuperblockLocator.write(device, memberAt(MetadataVersion.V1_0, 1_000));
        SuperblockLocator.write(device, memberAt(MetadataVersion.V1_2, 2_000));
        device.image[4096 + 40] ^= 1;

        assertEquals(MetadataVersion.V1_0, SuperblockLocator.find(device).orElseThrow().version());
    }

    @Test
    void shouldWriteWholeLogicalBlocksAndKeepTheirOtherBytes() {
        byte[] image = new byte[(int) DEVICE_SECTORS / 8 * 8 * 512];
        Arrays.fill(image, 4096, 8192, (byte) 0x5a);
        ImageDevice device = new ImageDevice("nvme0n1", image, 4096);
        Superblock1 sb = memberAt(MetadataVersion.V1_2, 1).toBuilder().dataSizeSectors(image.length / 512 - 2048)
                .buildWithChecksum();

        SuperblockLocator.write(device, sb);

        assertEquals(1, device.writes);
        byte[] tail = new byte[4096 - 512];
        Arrays.fill(tail, (byte) 0x5a);
        assertArrayEquals(tail, Arrays.copyOfRange(image, 4096 + 512, 8192), "rest of the 4 KiB block kept");
        assertEquals(sb, SuperblockLocator.read(device, MetadataVersion.V1_2));
    }

    @Test
    void shouldRefuseToWriteASuperblockWhoseOffsetDoesNotMatchTheDevice() {
        ImageDevice device = new ImageDevice("sdf", new byte[(int) DEVICE_SECTORS * 512]);
        Superblock1 elsewhere = memberAt(MetadataVersion.V1_0, 1).toBuilder().superOffsetSectors(30_000).build();

        OrionException e = assertThrows(OrionException.class, () -> SuperblockLocator.write(device, elsewhere));
        assertEquals(ErrorCode.INTERNAL, e.code());
        assertEquals(0, device.writes);
    }
}
