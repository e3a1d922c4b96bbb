package org.orion.raid.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

class MdCreateRulesTest {
    private static final long SEED = 0x5eed_0001L;

    private static List<MdCreateRequest.Device> devices(long sectors, int count) {
        List<MdCreateRequest.Device> devices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            devices.add(new MdCreateRequest.Device("/dev/vd" + (char) ('a' + i), sectors));
        }
        return devices;
    }

    /** The vector's create: mdadm --create --level=5 --raid-devices=4 --homehost=oracle --name=md0 --chunk=64K. */
    private static MdCreateRequest vectorRequest() {
        return MdCreateRequest.of("md0", "oracle", 5, 2, 64, 4, devices(14336, 4), 1_795_480_000L);
    }

    private static List<Integer> numbers(MdCreatePlan plan) {
        return plan.members().stream().map(m -> m.superblock().devNumber()).toList();
    }

    private static List<Integer> roles(MdCreatePlan plan) {
        return plan.members().stream().map(m -> m.superblock().role()).toList();
    }

    @Test
    void shouldChooseMdadmsDataOffsetForTheReferenceSizes() {
        assertEquals(264192, MdCreateRules.defaultDataOffsetSectors(1_000_000_000_000L / 512, 512));
        assertEquals(133120, MdCreateRules.defaultDataOffsetSectors(100L << 21, 512));
        assertEquals(4096, MdCreateRules.defaultDataOffsetSectors(40000, 512));
        assertEquals(2048, MdCreateRules.defaultDataOffsetSectors(14336, 64));
    }

    @Test
    void shouldLetRaid1HalveTheHeadroomWithoutAChunkLimit() {
        // 20000 KiB: headroom halves to 32 sectors (32 KiB * 1024 > 20000 KiB no longer), 24+8+32 -> 2048.
        assertEquals(2048, MdCreateRules.defaultDataOffsetSectors(40000, 0));
        assertEquals(4096, MdCreateRules.defaultDataOffsetSectors(40000, 512));
    }

    @Test
    void shouldKeepBitmapSpaceByComponentSize() {
        assertEquals(0, MdCreateRules.bitmapSpaceSectors(127));
        assertEquals(8, MdCreateRules.bitmapSpaceSectors(128));
        assertEquals(8, MdCreateRules.bitmapSpaceSectors(8L * 1024 * 1024 * 2 + 8));
        assertEquals(128, MdCreateRules.bitmapSpaceSectors(8L * 1024 * 1024 * 2 + 9));
        assertEquals(128, MdCreateRules.bitmapSpaceSectors(200L * 1024 * 1024 * 2 + 127));
        assertEquals(256, MdCreateRules.bitmapSpaceSectors(200L * 1024 * 1024 * 2 + 128));
    }

    @Test
    void shouldSizeTheRoleTableToFillWholeSectors() {
        assertEquals(128, MdCreateRules.maxDev(1));
        assertEquals(128, MdCreateRules.maxDev(128));
        assertEquals(384, MdCreateRules.maxDev(129));
        assertEquals(1920, MdCreateRules.maxDev(1920));
    }

    @Test
    void shouldPrefixTheHomehostWhenItFits() {
        assertEquals("oracle:md0", MdCreateRules.setName("md0", "oracle"));
        assertEquals("other:md0", MdCreateRules.setName("other:md0", "oracle"));
        assertEquals("md0", MdCreateRules.setName("md0", null));
        String name = "a-name-of-exactly-twenty-eight";
        assertEquals(name, MdCreateRules.setName(name, "host"), "host:name would need 35 bytes");
        assertEquals("x".repeat(31), MdCreateRules.setName("x".repeat(40), "h"));
        assertEquals("h:\u00c3\u00a9t\u00c3\u00a9", MdCreateRules.setName("été", "h"), "stored as UTF-8 bytes");
    }

    @Test
    void shouldPlaceTheBadBlockLogAfterTheBitmapSpace() {
        assertEquals(16, MdCreateRules.badBlockLogOffsetSectors(8, 12288, 2048));
        assertEquals(8 + 128, MdCreateRules.badBlockLogOffsetSectors(8, 20L << 21, 2048));
        assertEquals(24 - 8 - 8, MdCreateRules.badBlockLogOffsetSectors(8, 12288, 24), "just below the data");
        assertEquals(0, MdCreateRules.badBlockLogOffsetSectors(8, 12288, 23), "no room at all");
    }

    @Test
    void shouldPlanTheVectorArrayAsMdadmWroteIt() {
        MdCreatePlan plan = MdCreateRules.plan(vectorRequest(), new Random(SEED));

        // mdadm made the last device a spare numbered 4 so md rebuilds it instead of resyncing.
        assertEquals(List.of(0, 1, 2, 4), numbers(plan));
        assertEquals(List.of(0, 1, 2, DevRoles.SPARE), roles(plan));
        for (int member = 0; member < MdVectors.MEMBERS; member++) {
            Superblock1 real = SuperblockCodec.decode(MdVectors.superblockBlock(member),
                    new ImageDevice("disk" + member, MdVectors.image(member)).info(), MetadataVersion.V1_2);
            Superblock1 planned = plan.members().get(member).superblock();
            assertEquals(0, planned.events());
            assertEquals(planned.ctime(), planned.utime());
            // What md changed later (recovery, stop, assemble) and what is random are copied over;
            // every other field must be what mdadm wrote.
            Superblock1 afterMd = planned.toBuilder().setUuid(real.setUuid()).deviceUuid(real.deviceUuid())
                    .ctime(real.ctime()).utime(real.utime()).events(real.events())
                    .devRoles(planned.devRoles().with(4, 3)).buildWithChecksum();
            assertEquals(real, afterMd, "member " + member);
        }
    }

    @Test
    void shouldDrawUuidsFromTheGivenRandomness() {
        MdCreatePlan a = MdCreateRules.plan(vectorRequest(), new Random(SEED));
        MdCreatePlan b = MdCreateRules.plan(vectorRequest(), new Random(SEED));
        MdCreatePlan c = MdCreateRules.plan(vectorRequest(), new SecureRandom());
        System.out.printf("MdCreateRulesTest seed 0x%x%n", SEED);

        assertEquals(a, b, "seed " + SEED + " reproduces the plan");
        assertNotEquals(a.array().setUuid(), c.array().setUuid());
        Set<MdUuid> deviceUuids = new HashSet<>();
        for (MdCreatePlan.Member member : c.members()) {
            assertEquals(c.array().setUuid(), member.superblock().setUuid());
            deviceUuids.add(member.superblock().deviceUuid());
        }
        assertEquals(4, deviceUuids.size());
    }

    @Test
    void shouldDecodeEveryPlannedSuperblockStrictly() {
        MdCreatePlan plan = MdCreateRules.plan(vectorRequest(), new Random(SEED));
        for (MdCreatePlan.Member member : plan.members()) {
            ImageDevice device = new ImageDevice(member.device().name(), new byte[14336 * 512]);
            SuperblockLocator.write(device, member.superblock());

            assertEquals(member.superblock(), SuperblockLocator.read(device, MetadataVersion.V1_2));
        }
    }

    @Test
    void shouldMarkArraysCleanOnlyWhenNoResyncIsNeeded() {
        long now = 1_700_000_000L;
        List<MdCreateRequest.Device> four = devices(1 << 16, 4);
        assertTrue(MdCreateRules.plan(MdCreateRequest.of("r5", null, 5, 2, 0, 4, four, now), new Random(SEED))
                .array().resyncOffsetSectors() == Superblock1.MAX_SECTOR, "RAID5 is rebuilt, not resynced");
        assertEquals(0, MdCreateRules.plan(MdCreateRequest.of("r6", null, 6, 2, 0, 4, four, now), new Random(SEED))
                .array().resyncOffsetSectors());
        assertEquals(0, MdCreateRules.plan(MdCreateRequest.of("r1", null, 1, 0, 0, 2, devices(1 << 16, 2), now),
                new Random(SEED)).array().resyncOffsetSectors());
        assertEquals(Superblock1.MAX_SECTOR, MdCreateRules.plan(MdCreateRequest.of("r1", null, 1, 0, 0, 2,
                devices(1 << 16, 2), now).assumingClean(), new Random(SEED)).array().resyncOffsetSectors());
        assertEquals(Superblock1.MAX_SECTOR, MdCreateRules.plan(MdCreateRequest.of("r0", null, 0, 1, 0, 4, four, now),
                new Random(SEED)).array().resyncOffsetSectors());
        assertEquals(Superblock1.MAX_SECTOR, MdCreateRules.plan(MdCreateRequest.of("r10", null, 10, 0x102, 0, 4, four,
                now).assumingClean(), new Random(SEED)).array().resyncOffsetSectors());
    }

    @Test
    void shouldResyncRaid5ParityWhenForced() {
        MdCreateRequest forced = new MdCreateRequest("r5", null, 5, 2, 0, 4, devices(1 << 16, 4), false, true, 0, -1,
                true, 1_700_000_000L);

        MdCreatePlan plan = MdCreateRules.plan(forced, new Random(SEED));

        assertEquals(List.of(0, 1, 2, 3), numbers(plan));
        assertEquals(List.of(0, 1, 2, 3), roles(plan));
        assertEquals(0, plan.array().resyncOffsetSectors());
    }

    @Test
    void shouldRebuildTheLastGoodSlotOfARaid6CreatedWithOneMissing() {
        List<MdCreateRequest.Device> devices = devices(1 << 16, 5);
        devices.set(1, MdCreateRequest.Device.missing());

        MdCreatePlan plan = MdCreateRules.plan(MdCreateRequest.of("r6", null, 6, 2, 0, 5, devices, 1L), new Random(SEED));

        assertEquals(List.of(0, 2, 3, 1 + 4), numbers(plan), "the device of slot 4 is numbered last");
        assertEquals(List.of(0, 2, 3, DevRoles.SPARE), roles(plan));
        assertEquals(Superblock1.MAX_SECTOR, plan.array().resyncOffsetSectors());
        assertEquals("A.AA.", ArrayStateText.slots(plan.members().get(0).superblock()));
    }

    @Test
    void shouldKeepSparesAfterTheActiveDevices() {
        MdCreatePlan plan = MdCreateRules.plan(MdCreateRequest.of("r1", null, 1, 0, 0, 2, devices(1 << 16, 3), 1L),
                new Random(SEED));

        assertEquals(List.of(0, 1, 2), numbers(plan));
        assertEquals(List.of(0, 1, DevRoles.SPARE), roles(plan));
        assertEquals("AA", ArrayStateText.slots(plan.members().get(2).superblock()));
    }

    @Test
    void shouldRoundSizesAsMdadmDoes() {
        List<MdCreateRequest.Device> mixed = List.of(new MdCreateRequest.Device("a", 100_000),
                new MdCreateRequest.Device("b", 90_001));
        NewArray raid1 = MdCreateRules.plan(MdCreateRequest.of("m", null, 1, 0, 0, 2, mixed, 1L), new Random(SEED))
                .array();
        NewArray raid5 = MdCreateRules.plan(MdCreateRequest.of("p", null, 5, 2, 64, 2, mixed, 1L), new Random(SEED))
                .array();

        // a decides the offset: 100000 sectors -> headroom 64 (RAID1) or 256 (64K chunks) -> 2048.
        assertEquals(2048, raid1.dataOffsetSectors());
        assertEquals((90_001 - 2048) / 2 / 64 * 64 * 2, raid1.sizeSectors(), "RAID1 rounds to 64 KiB");
        assertEquals((90_001 - 2048) / 2 / 64 * 64 * 2, raid5.sizeSectors(), "RAID5 rounds to the chunk");
        assertEquals(0, raid1.chunkSectors());
        assertEquals(128, raid5.chunkSectors());
    }

    @Test
    void shouldRecordTheRaid0LayoutOnlyForMembersOfDifferentSizes() {
        NewArray same = MdCreateRules.plan(MdCreateRequest.of("s", null, 0, 1, 0, 2, devices(1 << 20, 2), 1L),
                new Random(SEED)).array();
        List<MdCreateRequest.Device> mixed = List.of(new MdCreateRequest.Device("a", 1 << 20),
                new MdCreateRequest.Device("b", 1 << 21));
        NewArray differ = MdCreateRules.plan(MdCreateRequest.of("s", null, 0, 1, 0, 2, mixed, 1L), new Random(SEED))
                .array();

        assertEquals(0, same.featureMap());
        assertEquals(FeatureMap.RAID0_LAYOUT, differ.featureMap());
        assertEquals(0, same.sizeSectors(), "mdadm leaves size 0 for raid0");
        assertEquals(1024, same.chunkSectors(), "default chunk 512 KiB");
    }

    @Test
    void shouldSplitTimesIntoSecondsAndMicros() {
        MdTime time = MdTime.fromRaw((123_456L << 40) | 1_700_000_000L);

        assertEquals(1_700_000_000L, time.seconds());
        assertEquals(123_456, time.micros());
        assertEquals((123_456L << 40) | 1_700_000_000L, time.raw());
        assertEquals(1_700_000_000L, MdCreateRules.plan(MdCreateRequest.of("t", null, 1, 0, 0, 2,
                devices(1 << 16, 2), 1_700_000_000L), new Random(SEED)).members().get(1).superblock().utime().raw());
    }

    @Test
    void shouldRefuseRequestsMdadmRefuses() {
        long now = 1L;
        assertCode(ErrorCode.SIZE, "device /dev/vdb is too small",
                MdCreateRequest.of("x", null, 1, 0, 0, 2, List.of(new MdCreateRequest.Device("/dev/vda", 40000),
                        new MdCreateRequest.Device("/dev/vdb", 2000)), now));
        assertCode(ErrorCode.USAGE, "raid0 cannot have missing devices",
                MdCreateRequest.of("x", null, 0, 1, 0, 2, List.of(new MdCreateRequest.Device("/dev/vda", 40000),
                        MdCreateRequest.Device.missing()), now));
        assertCode(ErrorCode.USAGE, "3 devices given for 4 raid devices",
                MdCreateRequest.of("x", null, 5, 2, 0, 4, devices(40000, 3), now));
        assertCode(ErrorCode.USAGE, "raid1 has no chunk size",
                MdCreateRequest.of("x", null, 1, 0, 64, 2, devices(40000, 2), now));
        assertCode(ErrorCode.USAGE, "chunk of 48 KiB is invalid",
                MdCreateRequest.of("x", null, 5, 2, 48, 3, devices(40000, 3), now));
        assertCode(ErrorCode.UNSUPPORTED, "level -1 cannot be created",
                MdCreateRequest.of("x", null, -1, 0, 0, 2, devices(40000, 2), now));
        assertCode(ErrorCode.USAGE, "raid6 needs at least 4",
                MdCreateRequest.of("x", null, 6, 2, 0, 3, devices(40000, 3), now));
    }

    @Test
    void shouldGrowTheRoleTableForManyDevices() {
        List<MdCreateRequest.Device> many = devices(1 << 16, 1);
        many = new ArrayList<>(Collections.nCopies(200, many.get(0)));

        MdCreatePlan plan = MdCreateRules.plan(MdCreateRequest.of("wide", null, 1, 0, 0, 200, many, 1L),
                new Random(SEED));

        assertEquals(384, plan.array().devRoles().size());
        assertEquals(1024, SuperblockCodec.encode(plan.members().get(199).superblock()).length);
        assertEquals(199, plan.members().get(199).superblock().role());
    }

    private static void assertCode(ErrorCode code, String text, MdCreateRequest request) {
        OrionException e = assertThrows(OrionException.class, () -> MdCreateRules.plan(request, new Random(SEED)));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
