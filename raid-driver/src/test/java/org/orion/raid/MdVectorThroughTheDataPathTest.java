package org.orion.raid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDisk;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.array.Member;
import org.orion.raid.level.LevelManager;
import org.orion.raid.level.RaidLayout;
import org.orion.raid.level.SharedVectors;

/**
 * The RAID5 made by real Linux md (../shared/vectors), read through the whole data path (ring,
 * stripe engine, reconstruction) rather than the layout alone: the array's sha256 equals md's,
 * healthy and with each single member missing.
 */
class MdVectorThroughTheDataPathTest {
    private static final String VECTOR = "raid5-ls-4x7M-64k";
    private static List<byte[]> images;
    private static Map<String, String> expected;

    @BeforeAll
    static void loadImages() {
        Path dir = SharedVectors.vector(VECTOR);
        expected = SharedVectors.expectations(dir);
        images = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(expected.get("NDISKS")); i++) {
            images.add(SharedVectors.gunzip(dir.resolve("disk" + i + ".img.gz")));
        }
    }

    @ParameterizedTest(name = "missing member {0}")
    @ValueSource(ints = {-1, 0, 1, 2, 3})
    void shouldReadExactlyWhatMdWroteHealthyAndWithAnyOneMemberMissing(int missing) throws Exception {
        int members = images.size();
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            specs.add(new SimDiskSpec("disk" + i, images.get(i).length, 512, 4096, null, false));
        }
        List<SimDisk> disks = SimController.create("vec", SimPersonality.SATA, NanoClock.system(), LatencyModel.ZERO, specs)
                .disks();
        long dataOffsetBytes = Long.parseLong(expected.get("DATA_OFFSET_SECTORS")) * 512;
        long arrayBytes = Long.parseLong(expected.get("ARRAY_BYTES"));
        List<Member> slots = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            SyncIo.writeBytes(disks.get(i), 0, images.get(i), 0);
            slots.add(i == missing ? Member.missing(i) : new Member(i, "disk" + i, disks.get(i), dataOffsetBytes));
        }
        RaidLayout layout = LevelManager.create(5, LevelManager.parseLayout(5, expected.get("LAYOUT")),
                Integer.parseInt(expected.get("CHUNK_KIB")) * 1024, members, arrayBytes / (members - 1));
        RaidBlockDevice array = new RaidBlockDevice("vec", layout, slots, RaidOptions.DEFAULTS, EventSink.discarding(),
                NanoClock.system());
        try {
            assertEquals(arrayBytes, array.info().capacityBytes());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (long off = 0; off < arrayBytes; off += buffer.capacity()) {
                int len = (int) Math.min(buffer.capacity(), arrayBytes - off);
                assertEquals(IoStatus.OK, SyncIo.read(array, off, buffer, 0, len));
                sha.update(buffer.array(), 0, len);
            }
            assertEquals(expected.get("ARRAY_SHA256"), HexFormat.of().formatHex(sha.digest()), "missing member " + missing);
        } finally {
            array.close();
        }
    }
}
