package org.orion.raid.level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads a RAID5 that real Linux md wrote (4 members, left-symmetric, 64 KiB chunks; role i is
 * disk i) through our layout and checks the array's sha256 against what md reported, healthy and
 * with each member missing in turn.
 */
class MdVectorRaid5Test {
    private static final String VECTOR = "raid5-ls-4x7M-64k";

    private static byte[][] images;
    private static Map<String, String> expected;
    private static long dataOffsetBytes;
    private static long arrayBytes;

    @BeforeAll
    static void loadMembers() {
        Path dir = SharedVectors.vector(VECTOR);
        expected = SharedVectors.expectations(dir);
        int disks = Integer.parseInt(expected.get("NDISKS"));
        images = new byte[disks][];
        for (int i = 0; i < disks; i++) {
            images[i] = SharedVectors.gunzip(dir.resolve("disk" + i + ".img.gz"));
            assertEquals(Long.parseLong(expected.get("MEMBER_BYTES")), images[i].length, "disk" + i + " size");
        }
        dataOffsetBytes = Long.parseLong(expected.get("DATA_OFFSET_SECTORS")) * 512;
        arrayBytes = Long.parseLong(expected.get("ARRAY_BYTES"));
    }

    private static RaidLayout layout(String layoutName) {
        int members = images.length;
        return LevelManager.create(5, LevelManager.parseLayout(5, layoutName),
                Integer.parseInt(expected.get("CHUNK_KIB")) * 1024, members, arrayBytes / (members - 1));
    }

    /** sha256 of the array read through {@code layout}, rebuilding member {@code missing} (or -1) by XOR. */
    private static String arraySha256(RaidLayout layout, int missing) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StripeMap map = layout.newStripeMap();
        int chunk = layout.chunkBytes();
        byte[] rebuilt = new byte[chunk];
        for (long stripe = 0; stripe < layout.stripeCount(); stripe++) {
            layout.map(stripe, map);
            for (int k = 0; k < map.dataBlocks; k++) {
                int member = map.member(k, 0);
                int at = Math.toIntExact(dataOffsetBytes + map.offsetBytes(k, 0));
                if (member != missing) {
                    sha.update(images[member], at, chunk);
                    continue;
                }
                Arrays.fill(rebuilt, (byte) 0);
                for (int other = 0; other < images.length; other++) {
                    if (other != missing) {
                        xorInto(rebuilt, images[other], at);
                    }
                }
                sha.update(rebuilt);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void xorInto(byte[] target, byte[] source, int from) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= source[from + i];
        }
    }

    @Test
    void shouldHaveTheArraySizeMdReported() {
        assertEquals(arrayBytes, layout("left-symmetric").arrayBytes());
    }

    @Test
    void shouldReadTheSameBytesMdWroteFromAHealthyArray() throws Exception {
        assertEquals(expected.get("ARRAY_SHA256"), arraySha256(layout(expected.get("LAYOUT")), -1));
    }

    @ParameterizedTest(name = "member {0} missing")
    @ValueSource(ints = {0, 1, 2, 3})
    void shouldRebuildEachMissingMemberByXorOfTheOthers(int missing) throws Exception {
        assertEquals(expected.get("ARRAY_SHA256"), arraySha256(layout("left-symmetric"), missing));
    }

    @Test
    void shouldFindParityWhereTheLayoutPutsIt() {
        RaidLayout layout = layout("left-symmetric");
        StripeMap map = layout.newStripeMap();
        int chunk = layout.chunkBytes();
        for (long stripe = 0; stripe < layout.stripeCount(); stripe++) {
            layout.map(stripe, map);
            byte[] xor = new byte[chunk];
            for (int k = 0; k < map.dataBlocks; k++) {
                xorInto(xor, images[map.member(k, 0)], Math.toIntExact(dataOffsetBytes + map.offsetBytes(k, 0)));
            }
            int p = Math.toIntExact(dataOffsetBytes + map.parityOffsetBytes);
            assertArrayEquals(Arrays.copyOfRange(images[map.pMember], p, p + chunk), xor, "P of stripe " + stripe);
        }
    }

    @Test
    void shouldNotMatchWhenReadWithAnotherAlgorithm() throws Exception {
        assertNotEquals(expected.get("ARRAY_SHA256"), arraySha256(layout("left-asymmetric"), -1));
    }
}
