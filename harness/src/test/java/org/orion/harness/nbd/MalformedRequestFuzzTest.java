package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;

/**
 * Seeded random request headers (any command number, any flags, offsets near the end and near
 * 2^64, odd lengths) against a read-only export: every request gets exactly one reply with its
 * cookie, the stream never loses step, and not a byte of the device changes.
 */
class MalformedRequestFuzzTest {
    private static final long SIZE = 2L << 20;

    @Test
    void shouldAnswerEveryRandomRequestOnceAndChangeNothingOnAReadOnlyExport() throws Exception {
        long seed = Long.getLong("orion.nbd.fuzzSeed", System.nanoTime()); // -Dorion.nbd.fuzzSeed=N replays a run
        System.out.println("MalformedRequestFuzzTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        try (TestDevices devices = new TestDevices()) {
            BlockDevice disk = devices.disk(SIZE);
            byte[] content = new byte[(int) SIZE];
            new SplittableRandom(1).nextBytes(content);
            SyncIo.writeBytes(disk, 0, content, 0);
            try (NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).export("ro", disk, true, "").build().start()) {
                for (boolean structured : new boolean[] {false, true}) {
                    try (RawNbdClient c = new RawNbdClient(server.boundPort()).go("ro", structured, structured)) {
                        for (int i = 0; i < 400; i++) {
                            int type = random.nextInt(10) == 0 ? random.nextInt(1 << 16) : random.nextInt(9);
                            if (type == 2) {
                                continue; // DISC would end the session
                            }
                            int flags = random.nextInt(4) == 0 ? random.nextInt(1 << 16) : random.nextInt(2);
                            long offset = switch (random.nextInt(4)) {
                                case 0 -> random.nextLong();
                                case 1 -> SIZE - random.nextInt(4096);
                                case 2 -> -1L - random.nextInt(4096);
                                default -> random.nextLong(SIZE);
                            };
                            long length = type == 1 || type == 0 ? random.nextInt(70_000) : random.nextLong(1L << 32);
                            c.request(flags, type, i, offset, length, type == 1 ? new byte[(int) length] : null);
                            RawNbdClient.Reply r = c.reply(type == 0 ? (int) length : 0);
                            assertEquals(i, r.cookie(), "seed " + seed + ": one reply per request, in step");
                        }
                    }
                }
            }
            assertArrayEquals(content, SyncIo.readBytes(disk, 0, (int) SIZE), "seed " + seed + ": nothing changed");
        }
    }
}
