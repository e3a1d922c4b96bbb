package org.orion.harness.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.block.BlockDeviceInfo;
import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.spi.DeviceOpener;

/**
 * Opens the member arguments of an mdadm-style command: an image file or block device path
 * (through the {@link DeviceOpener}s on the class path), a simulated disk of orion.toml
 * ({@code sata0/d2}), or {@code missing} for an empty slot. Each device is named as the user wrote
 * it, so messages and {@code --detail} rows say {@code disk3.img}, not a resolved path.
 *
 * <p>Refuses a member listed twice (compared by real path, so {@code a.img} and {@code ./a.img}
 * are the same) before opening anything. When asked to, creates missing image files sparse, or
 * grows smaller ones, to a given size; {@link #rollback()} undoes that, so a refused command leaves
 * every file as it was.
 */
final class MemberArguments implements AutoCloseable {
    static final String MISSING = "missing";

    /** How to open. {@code imageBytes} > 0: create or grow regular files to that size. */
    record Options(boolean allowMissing, boolean exclusive, boolean readOnly, long imageBytes) {
        static Options forReading() {
            return new Options(false, true, true, 0);
        }

        static Options forWriting() {
            return new Options(false, true, false, 0);
        }
    }

    private final List<String> arguments;
    private final List<BlockDevice> devices = new ArrayList<>();
    private final List<Path> createdFiles = new ArrayList<>();
    private final Map<Path, Long> grownFiles = new LinkedHashMap<>();
    private boolean handedOver;

    private MemberArguments(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /**
     * Opens every argument in order (a null device for {@code missing}). On any failure, closes
     * what was opened, undoes file creation and rethrows.
     */
    static MemberArguments open(RaidSession session, Invocation invocation, List<String> arguments, Options options) {
        MemberArguments members = new MemberArguments(arguments);
        try {
            members.checkDistinct(session, invocation.cwd(), options);
            for (String argument : arguments) {
                members.devices.add(members.openOne(session, invocation.cwd(), argument, options));
            }
            return members;
        } catch (RuntimeException e) {
            members.close();
            members.rollback();
            throw e;
        }
    }

    /** True if any argument names a simulated disk of the configuration (so the hardware must be attached). */
    static boolean needHardware(Invocation invocation, List<String> arguments) {
        var config = invocation.configOrDefaults();
        return arguments.stream().anyMatch(a -> RaidSession.isSimulatedDisk(config, a)
                && !Files.exists(invocation.cwd().resolve(a)));
    }

    /** The opened devices in argument order; null where the argument was {@code missing}. */
    List<BlockDevice> devices() {
        return Collections.unmodifiableList(devices);
    }

    List<String> arguments() {
        return arguments;
    }

    /** The devices now belong to an array, which closes them: {@link #close()} leaves them alone. */
    void handOver() {
        handedOver = true;
    }

    /** Deletes the image files this command created and shrinks the ones it grew back to their size. */
    void rollback() {
        for (Path file : createdFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new OrionException(ErrorCode.IO, "could not remove " + file + ", which this command created: " + e);
            }
        }
        for (Map.Entry<Path, Long> grown : grownFiles.entrySet()) {
            try (RandomAccessFile raf = new RandomAccessFile(grown.getKey().toFile(), "rw")) {
                raf.setLength(grown.getValue());
            } catch (IOException e) {
                throw new OrionException(ErrorCode.IO, "could not shrink " + grown.getKey() + " back to "
                        + grown.getValue() + " bytes: " + e);
            }
        }
        createdFiles.clear();
        grownFiles.clear();
    }

    @Override
    public void close() {
        if (handedOver) {
            return;
        }
        for (BlockDevice device : devices) {
            if (device != null) {
                device.close();
            }
        }
        devices.clear();
    }

    private void checkDistinct(RaidSession session, Path cwd, Options options) {
        Map<String, String> seen = new HashMap<>();
        for (String argument : arguments) {
            if (argument.equals(MISSING)) {
                if (!options.allowMissing()) {
                    throw new OrionException(ErrorCode.USAGE, "'missing' stands for an empty slot and only"
                            + " --create takes it: name the real devices");
                }
                continue;
            }
            String key = identity(session, cwd, argument);
            String first = seen.putIfAbsent(key, argument);
            if (first != null) {
                throw new OrionException(ErrorCode.USAGE, (first.equals(argument) ? argument + " is listed twice"
                        : argument + " and " + first + " are the same device") + ": list each member once");
            }
        }
    }

    private static String identity(RaidSession session, Path cwd, String argument) {
        Path path = cwd.resolve(argument);
        if (!Files.exists(path) && session.simulatedDisk(argument).isPresent()) {
            return "simulated:" + argument;
        }
        try {
            return Files.exists(path) ? path.toRealPath().toString() : path.toAbsolutePath().normalize().toString();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    private BlockDevice openOne(RaidSession session, Path cwd, String argument, Options options) {
        if (argument.equals(MISSING)) {
            return null;
        }
        Path path = cwd.resolve(argument);
        if (!Files.exists(path)) {
            Optional<BlockDevice> simulated = session.simulatedDisk(argument);
            if (simulated.isPresent()) {
                return new NamedDevice(simulated.get(), argument);
            }
        }
        if (options.imageBytes() > 0) {
            prepareImage(path, argument, options.imageBytes());
        } else if (!Files.exists(path)) {
            boolean disks = !session.config().controllers().isEmpty();
            throw new OrionException(ErrorCode.NOT_FOUND, argument + " does not exist: check the name"
                    + (disks ? (options.allowMissing() ? ", " : " or ") + "name a simulated disk of "
                    + session.config().displayName() + (options.allowMissing() ? "," : "") : "")
                    + (options.allowMissing() ? " or give --size to create image files" : ""));
        }
        for (DeviceOpener opener : ServiceLoader.load(DeviceOpener.class, MemberArguments.class.getClassLoader())) {
            Optional<BlockDevice> device = opener.open(path, options.exclusive(), options.readOnly());
            if (device.isPresent()) {
                return new NamedDevice(device.get(), argument);
            }
        }
        throw new OrionException(ErrorCode.NOT_FOUND, "no device opener handles " + argument
                + ": rebuild with 'mvn -DskipTests install' so hw-native is on the class path");
    }

    /** Creates a sparse image of {@code bytes}, or grows a smaller regular file to it. */
    private void prepareImage(Path path, String argument, long bytes) {
        try {
            if (!Files.exists(path)) {
                Path parent = path.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new OrionException(ErrorCode.NOT_FOUND, argument + ": directory " + parent
                            + " does not exist: create it first");
                }
                Files.createFile(path);
                createdFiles.add(path);
                try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                    raf.setLength(bytes);
                }
            } else if (Files.isRegularFile(path) && Files.size(path) < bytes) {
                long before = Files.size(path);
                grownFiles.put(path, before);
                try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                    raf.setLength(bytes);
                }
            }
        } catch (IOException e) {
            throw new OrionException(ErrorCode.IO, "cannot create or grow image " + argument + " to " + bytes
                    + " bytes: " + e.getMessage() + " (check the directory and free space)");
        }
    }

    /** A member named as the user wrote it. */
    private static final class NamedDevice extends FilterBlockDevice {
        private final BlockDeviceInfo info;

        NamedDevice(BlockDevice delegate, String name) {
            super(delegate);
            this.info = delegate.info().withName(name);
        }

        @Override
        public BlockDeviceInfo info() {
            return info;
        }
    }
}
