package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.AssembleRequest;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.spi.DeviceOpener;

/**
 * An array over real loop devices (hw-native's LinuxBlockDevice, opened exclusively through the
 * DeviceOpener SPI): created with md superblocks, served over NBD to nbdcopy, stopped, reassembled,
 * and read back; while it runs, its members cannot be opened by anyone else.
 */
@Tag("root")
class LoopDeviceArrayTest {
    private static final long MEMBER_BYTES = 48L << 20;
    private final List<String> loops = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void detachLoops() throws Exception {
        for (String loop : loops) {
            ExternalTool.run(dir, Duration.ofSeconds(30), "losetup", "-d", loop);
        }
    }

    private static BlockDevice open(Path path) {
        for (DeviceOpener opener : ServiceLoader.load(DeviceOpener.class)) {
            var device = opener.open(path, true, false);
            if (device.isPresent()) {
                return device.get();
            }
        }
        throw new AssertionError("no DeviceOpener on the class path (hw-native missing?)");
    }

    private List<BlockDevice> loopMembers(int count) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for losetup");
        ExternalTool.require("losetup", "mount");
        List<BlockDevice> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path image = dir.resolve("m" + i + ".img");
            try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(MEMBER_BYTES);
            }
            ExternalTool.Result r = ExternalTool.run(dir, Duration.ofSeconds(30), "losetup", "-f", "--show",
                    image.toString());
            assumeTrue(r.exitCode() == 0, "losetup failed: " + r.err());
            loops.add(r.out().trim());
        }
        for (String loop : loops) {
            members.add(open(Path.of(loop)));
        }
        return members;
    }

    @Test
    void shouldCreateServeStopAndReassembleAnArrayOverLoopDevices() throws Exception {
        try (TestDevices devices = new TestDevices()) {
            ArrayService raid = devices.raidService();
            List<BlockDevice> members = loopMembers(4);
            ArrayDevice array = raid.create(new CreateRequest("loops", "test", 5, null, 64 * 1024, 4, 0, 0, false, false),
                    members);
            while (array.sync().isRunning()) {
                Thread.sleep(20);
            }
            OrionException busy = assertThrows(OrionException.class, () -> open(Path.of(loops.get(1))),
                    "a member of a running array cannot be opened again");
            assertTrue(busy.getMessage().contains(loops.get(1)), busy.getMessage());

            ExternalTool.require("nbdcopy", "libnbd-bin");
            long size = array.info().capacityBytes();
            Path source = dir.resolve("source.bin");
            byte[] content = new byte[(int) size];
            new SplittableRandom(5).nextBytes(content);
            Files.write(source, content);
            try (NbdServer server = NbdServer.builder().tcp("127.0.0.1", 0).export("loops", array, false, "raid5 on loops")
                    .build().start()) {
                String uri = "nbd://127.0.0.1:" + server.boundPort() + "/loops";
                ExternalTool.Result in = ExternalTool.run(dir, Duration.ofMinutes(2), "nbdcopy", "--flush",
                        source.toString(), uri);
                assertEquals(0, in.exitCode(), in.err());
                Path back = dir.resolve("back.bin");
                ExternalTool.Result out = ExternalTool.run(dir, Duration.ofMinutes(2), "nbdcopy", uri, back.toString());
                assertEquals(0, out.exitCode(), out.err());
                assertEquals(sha256(content), sha256(Files.readAllBytes(back)), "nbdcopy reads what it wrote");
            }
            array.stop();

            ArrayDevice again = raid.assemble(new AssembleRequest(null, false, false), members);
            assertEquals("clean", again.status().state());
            assertEquals(sha256(content), sha256(readAll(again)), "the reassembled array holds the same bytes");
            again.close();
        }
    }

    private static byte[] readAll(BlockDevice device) {
        int size = (int) device.info().capacityBytes();
        ByteBuffer buffer = ByteBuffer.allocate(size);
        for (int off = 0; off < size; off += 1 << 20) {
            int len = Math.min(1 << 20, size - off);
            assertEquals(IoStatus.OK, SyncIo.read(device, off, buffer, off, len));
        }
        return buffer.array();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
