package org.orion.harness.nbd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.array.CreateRequest;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.spi.DeviceOpener;
import org.orion.driver.api.spi.DriverFactory;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;

/**
 * Serves an array over member files as export {@code bench}, for {@code scripts/bench-nbd}; not a
 * test. The path is the production one: a kernel starts the RAID driver found by ServiceLoader, the
 * members are opened through the {@link DeviceOpener} SPI (hw-native's LinuxBlockDevice: O_DIRECT,
 * exclusive), and {@link ArrayService#create} writes md 1.2 superblocks. {@code orion serve} cannot
 * do this itself because a configuration names only simulated disks as members.
 *
 * <p>The array is created with {@code --force --assume-clean} on every start: the files carry
 * benchmark data (and qemu-nbd, serving one of them in the same run, may overwrite the superblock),
 * and an initial resync would run under the measurements.
 *
 * <p>Usage: {@code java -cp ... org.orion.harness.nbd.NbdArrayBenchServer PORT LEVEL CHUNK_KIB FILE...};
 * runs until killed. A level 1 or 0 array of one FILE is a passthrough through the RAID driver.
 */
public final class NbdArrayBenchServer {
    private NbdArrayBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: NbdArrayBenchServer PORT LEVEL CHUNK_KIB FILE...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int level = Integer.parseInt(args[1]);
        int chunkBytes = Integer.parseInt(args[2]) * 1024;
        Path stateDir = Files.createTempDirectory("orion-bench-nbd");
        stateDir.toFile().deleteOnExit(); // empty: no simulated disks, no sockets
        // The test class path also registers the kernel tests' fake drivers; only real ones run here.
        List<DriverFactory> drivers = ServiceLoader.load(DriverFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> !f.getClass().getName().startsWith("org.orion.harness.")).toList();
        Kernel kernel = new Kernel(ConfigLoader.parse("[kernel]\nlog_level = \"warn\"\n", stateDir, "bench"),
                NanoClock.system(), drivers, List.of());
        kernel.startDrivers();
        ArrayService raid = kernel.services(ArrayService.class).stream().findFirst()
                .orElseThrow(() -> new OrionException(ErrorCode.NOT_FOUND, "no RAID driver on the class path"));
        List<BlockDevice> members = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            members.add(open(Path.of(args[i])));
        }
        ArrayDevice array = raid.create(new CreateRequest("bench", "bench", level, null, level == 1 ? 0 : chunkBytes,
                members.size(), 0, 0, true, true), members);
        NbdServer server = NbdServer.builder().tcp("127.0.0.1", port)
                .export("bench", array, false, "raid" + level + " over " + members.size() + " file(s)").build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            array.close();
            kernel.close();
        }));
        System.out.println("ready " + array.status().levelName() + " " + array.info().capacityBytes() + " bytes over "
                + members);
        Thread.sleep(Long.MAX_VALUE);
    }

    private static BlockDevice open(Path file) {
        for (DeviceOpener opener : ServiceLoader.load(DeviceOpener.class)) {
            Optional<BlockDevice> device = opener.open(file, true, false);
            if (device.isPresent()) {
                return device.get();
            }
        }
        throw new OrionException(ErrorCode.NOT_FOUND, "no DeviceOpener opens " + file + " (is hw-native on the class path?)");
    }
}
