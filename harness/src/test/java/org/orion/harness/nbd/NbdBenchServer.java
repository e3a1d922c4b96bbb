package org.orion.harness.nbd;

import java.nio.file.Path;
import org.orion.driver.api.block.BlockDevice;

/**
 * Serves one file through hw-native's LinuxBlockDevice (O_DIRECT, the way an array member is
 * opened) as export {@code bench}, for {@code scripts/bench-nbd}; not a test. hw-native is reached
 * reflectively, as the harness reaches drivers only at run time.
 *
 * <p>Usage: {@code java -cp ... org.orion.harness.nbd.NbdBenchServer FILE PORT}; runs until killed.
 */
public final class NbdBenchServer {
    private NbdBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: NbdBenchServer FILE PORT");
            System.exit(2);
        }
        BlockDevice file = (BlockDevice) Class.forName("org.orion.hw.linux.LinuxDevices")
                .getMethod("open", Path.class, boolean.class).invoke(null, Path.of(args[0]), false);
        NbdServer server = NbdServer.builder().tcp("127.0.0.1", Integer.parseInt(args[1]))
                .export("bench", file, false, "bench file").build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            file.close();
        }));
        System.out.println("ready " + file.info());
        Thread.sleep(Long.MAX_VALUE);
    }
}
