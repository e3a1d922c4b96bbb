package org.orion.harness.spare;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.ArrayHost;
import org.orion.harness.FirstSightEvents;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;
import org.orion.harness.config.OrionConfig;

/**
 * A kernel in this JVM as {@code orion serve} runs it, minus NBD and the control socket: simulated
 * disks, the real RAID driver, the configured arrays, the first-sight events and the spare pool.
 * Every event the kernel raises is recorded in order.
 */
final class PoolKernel implements AutoCloseable {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    final Kernel kernel;
    final ArrayHost host;
    final SparePool pool;
    final List<DriverEvent> events = new CopyOnWriteArrayList<>();

    private PoolKernel(OrionConfig config) {
        kernel = Kernel.create(config, NanoClock.system());
        kernel.events().subscribe(events::add);
        kernel.attachHardware();
        kernel.startDrivers();
        host = new ArrayHost(kernel);
        host.startConfigured(config);
        FirstSightEvents.of(host.running(), kernel.clock().nanoTime(), false).forEach(kernel.events()::publish);
        pool = SparePool.start(kernel, host, config);
    }

    static PoolKernel start(Path dir, String toml) {
        return new PoolKernel(ConfigLoader.parse(toml, dir, "test.toml"));
    }

    /** One controller of {@code count} disks d0.. of {@code size} that answer at once, in memory unless {@code file}. */
    static String controller(String name, int count, String size, boolean file) {
        StringBuilder out = new StringBuilder("[[controllers]]\nname = \"" + name + "\"\ntransport = \"sata\"\n"
                + "latency = \"zero\"\n");
        for (int i = 0; i < count; i++) {
            out.append("[[controllers.disks]]\nname = \"d").append(i).append("\"\nsize = \"").append(size)
                    .append("\"\nbacking = \"").append(file ? "file" : "heap").append("\"\n");
        }
        return out.toString();
    }

    /** An array created on first start; {@code extra} adds lines such as spares or spare_group. */
    static String array(String name, int level, List<String> members, String extra) {
        return "[[arrays]]\nname = \"" + name + "\"\nlevel = " + level + "\nchunk = \"64KB\"\nmembers = ["
                + String.join(", ", members.stream().map(m -> "\"" + m + "\"").toList()) + "]\n"
                + "create = \"on-first-start\"\n" + extra;
    }

    ArrayDevice array(String name) {
        return host.require(name).device();
    }

    /** Fills the array's first {@code bytes} with seeded data (the creation resync over first). */
    byte[] fill(String name, long seed, int bytes) throws InterruptedException {
        await(name + "'s creation resync", () -> array(name).sync().action().equals("idle"));
        byte[] data = Patterns.random(seed, bytes);
        SyncIo.writeBytes(array(name), 0, data, 0);
        return data;
    }

    byte[] read(String name, int bytes) {
        return SyncIo.readBytes(array(name), 0, bytes);
    }

    /** True once {@code device} holds {@code slot} in sync and the array is clean with no pass running. */
    boolean holds(String name, int slot, String device) {
        var status = array(name).status();
        return status.state().equals("clean") && status.members().get(slot).name().equals(device)
                && array(name).sync().action().equals("idle");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    void awaitEvent(String what, Predicate<DriverEvent> match) throws InterruptedException {
        await(what + " in " + kinds(), () -> events.stream().anyMatch(match));
    }

    <T extends DriverEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Index of the first event after {@code from} that matches; fails naming what was seen. */
    int indexOf(int from, String what, Predicate<DriverEvent> match) {
        for (int i = Math.max(0, from); i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + what + " after #" + from + " in " + kinds());
    }

    List<String> kinds() {
        return events.stream().map(e -> e.kind() + " " + e.subject()).toList();
    }

    @Override
    public void close() {
        pool.close();
        host.close();
        kernel.close();
    }
}
