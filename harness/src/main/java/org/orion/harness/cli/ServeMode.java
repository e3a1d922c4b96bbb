package org.orion.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.ArrayHost;
import org.orion.harness.Kernel;
import org.orion.harness.FirstSightEvents;
import org.orion.harness.Mdstat;
import org.orion.harness.config.NbdSettings;
import org.orion.harness.config.OrionConfig;
import org.orion.harness.control.ControlReply;
import org.orion.harness.control.ControlServer;
import org.orion.harness.event.MonitorStream;
import org.orion.harness.nbd.NbdServer;
import org.orion.harness.nbd.NbdServerBuilder;
import org.orion.harness.spare.SparePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code orion serve}: the kernel as a long-running process. Brings up the hardware and drivers,
 * assembles (or creates on first start) the configured arrays, exports each over NBD, listens on
 * the control socket, and runs until SIGINT or SIGTERM; then it stops accepting, drains, and stops
 * every array cleanly (a kill -9 skips that, so the next start resyncs). It never daemonizes: run
 * it under systemd, a terminal multiplexer or {@code nohup}.
 */
final class ServeMode implements Mode {
    /** Created on first use: a logger made while the mode table is built would fix the log level too early. */
    private static Logger log() {
        return LoggerFactory.getLogger(ServeMode.class);
    }
    private static final String USAGE = "orion serve [--foreground]";

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public String summary() {
        return "run the kernel: serve the configured arrays over NBD until SIGINT/SIGTERM";
    }

    @Override
    public String help() {
        return "Starts the kernel with the configuration, assembles every [[arrays]] entry (creating it on the\n"
                + "first start when its create policy says so), exports each array over NBD ([nbd] listen, default\n"
                + "nbd://127.0.0.1:10809/<array>), and opens the control socket <state_dir>/orion.sock (mode 0600)\n"
                + "that 'orion --detail', 'orion --manage', 'orion --stop', 'orion --monitor' and 'orion mdstat' use.\n"
                + "Logs one line per state change and per event. SIGINT/SIGTERM stop it cleanly. It stays in the\n"
                + "foreground (--foreground is accepted for systemd-style units and changes nothing).\n";
    }

    /** Where the control socket of a configuration lives. */
    static Path socketPath(OrionConfig config) {
        return config.kernel().stateDir().resolve("orion.sock");
    }

    @Override
    public int run(Invocation invocation, List<String> args) {
        ParsedArgs parsed = new OptionParser(USAGE).flag("--foreground").parse(args);
        if (!parsed.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + parsed.positionals().get(0) + "'", USAGE);
        }
        OrionConfig config = invocation.config();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stoppedCleanly = new AtomicBoolean();
        CountDownLatch stopRequested = new CountDownLatch(1);
        Kernel kernel = Kernel.create(config, NanoClock.system());
        ArrayHost host = null;
        NbdServer nbd = null;
        ControlServer control = null;
        SparePool pool = null;
        try {
            kernel.attachHardware();
            kernel.startDrivers();
            host = new ArrayHost(kernel);
            host.startConfigured(config);
            // The kernel's own monitor starts now: arrays already degraded or short of spares say so.
            FirstSightEvents.of(host.running(), kernel.clock().nanoTime(), false).forEach(kernel.events()::publish);
            pool = SparePool.start(kernel, host, config);
            nbd = startNbd(config, host);
            control = startControl(config, host, nbd, pool, stopRequested);
            ArrayHost arrays = host;
            control.handleStream("monitor", new MonitorStream(kernel.eventManager(), kernel.events(),
                    () -> arrays.running().stream().map(r -> r.spec().name()).toList(),
                    () -> FirstSightEvents.of(arrays.running(), kernel.clock().nanoTime(), true), kernel.clock()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                boolean bySignal = stopped.getCount() > 0;
                stopRequested.countDown();
                try {
                    stopped.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (bySignal && stoppedCleanly.get()) {
                    // Left alone, the JVM reports a SIGTERM/SIGINT exit as 143/130 even though the stop
                    // was clean; systemd and scripts read 0 as "stopped as asked". Once shutdown has
                    // begun, halt() is the only way to choose the status; the kernel is closed by now.
                    Runtime.getRuntime().halt(ExitCodes.OK);
                }
            }, "orion-shutdown"));
            invocation.out().println("orion serve: ready: " + describe(config, host, nbd));
            invocation.out().flush();
            stopRequested.await();
            log().info("stopping: draining requests and stopping arrays cleanly");
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILURE;
        } finally {
            try {
                if (control != null) {
                    control.close();
                }
                if (nbd != null) {
                    nbd.close();
                }
                if (pool != null) {
                    pool.close();
                }
                if (host != null) {
                    host.close();
                }
                kernel.close();
                log().info("stopped");
                stoppedCleanly.set(true);
            } finally {
                stopped.countDown(); // even after a failed close, or the signal's hook would wait forever
            }
        }
    }

    private static NbdServer startNbd(OrionConfig config, ArrayHost host) {
        NbdSettings settings = config.nbd();
        NbdServerBuilder builder = NbdServer.builder().tcp(settings.listenHost(), settings.listenPort());
        settings.unixSocket().ifPresent(builder::unix);
        for (ArrayHost.Running r : host.running()) {
            builder.export(r.spec().name(), r.device(), false, r.device().status().levelName() + " "
                    + r.device().status().layoutName() + " over " + r.members().size() + " members");
        }
        settings.exportName().ifPresent(builder::defaultExport);
        return builder.build().start();
    }

    private static ControlServer startControl(OrionConfig config, ArrayHost host, NbdServer nbd, SparePool pool,
                                              CountDownLatch stopRequested) {
        ControlServer control = new ControlServer(socketPath(config));
        control.handle("ping", args -> ControlReply.ok("pong\n"));
        control.handle("list", args -> {
            StringBuilder out = new StringBuilder();
            host.running().forEach(r -> out.append(r.spec().name()).append('\n'));
            return ControlReply.ok(out.toString());
        });
        control.handle("mdstat", args -> {
            List<Mdstat.Entry> entries = new ArrayList<>();
            for (ArrayHost.Running r : host.running()) {
                // The array's own view: spares added with --add or moved in from the pool show, and a
                // configured spare that took a slot (or moved away) does not.
                entries.add(new Mdstat.Entry(r.device().status(), r.device().sync()));
            }
            return ControlReply.ok(Mdstat.render(entries, pool.freeDisks()));
        });
        control.handle("detail", args -> {
            ArrayHost.Running r = host.require(arg(args, 0, "array name"));
            return ControlReply.ok(r.device().detail(args.size() > 1 ? args.get(1) : "text"));
        });
        control.handle("fail", args -> {
            ArrayHost.Running r = host.require(arg(args, 0, "array name"));
            String member = arg(args, 1, "member");
            r.device().failMember(ArrayHost.slotOf(r, member));
            return ControlReply.ok("orion: set " + member + " faulty in " + r.spec().name() + "\n");
        });
        control.handle("add", args -> {
            ArrayHost.Running r = host.require(arg(args, 0, "array name"));
            String name = arg(args, 1, "device");
            r.device().addMember(host.openDevice(name));
            return ControlReply.ok("orion: added " + name + " to " + r.spec().name() + "\n");
        });
        control.handle("remove", args -> {
            ArrayHost.Running r = host.require(arg(args, 0, "array name"));
            String member = arg(args, 1, "member");
            r.device().removeMember(ArrayHost.slotOf(r, member));
            return ControlReply.ok("orion: hot removed " + member + " from " + r.spec().name() + "\n");
        });
        control.handle("replace", args -> {
            ArrayHost.Running r = host.require(arg(args, 0, "array name"));
            String member = arg(args, 1, "member");
            String with = args.size() > 2 && !args.get(2).isEmpty() ? args.get(2) : null;
            r.device().replaceMember(ArrayHost.slotOf(r, member), with == null ? null : host.openDevice(with));
            return ControlReply.ok("orion: marked " + member + " (device " + ArrayHost.slotOf(r, member)
                    + " in " + r.spec().name() + ") for replacement\n");
        });
        control.handle("action", args -> {
            ArrayHost.Running r = host.require(arg(args, 0, "array name"));
            r.device().startSync(arg(args, 1, "action"));
            return ControlReply.ok("");
        });
        control.handle("stop", args -> {
            String name = arg(args, 0, "array name");
            host.require(name);
            nbd.removeExport(name);
            host.stop(name);
            return ControlReply.ok("orion: stopped " + name + "\n");
        });
        control.handle("shutdown", args -> {
            stopRequested.countDown();
            return ControlReply.ok("orion: kernel stopping\n");
        });
        return control.start();
    }

    private static String arg(List<String> args, int index, String what) {
        if (args.size() <= index || args.get(index).isEmpty()) {
            throw new OrionException(ErrorCode.USAGE, "control request lacks the " + what);
        }
        return args.get(index);
    }

    private static String describe(OrionConfig config, ArrayHost host, NbdServer nbd) {
        StringBuilder out = new StringBuilder();
        for (ArrayHost.Running r : host.running()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(r.spec().name()).append(" (").append(r.device().status().levelName()).append(", ")
                    .append(r.device().status().state()).append(") at nbd://").append(config.nbd().listenHost())
                    .append(':').append(nbd.boundPort()).append('/').append(r.spec().name());
        }
        if (out.length() == 0) {
            out.append("no arrays configured ([[arrays]] in the configuration)");
        }
        return out.append("; control socket ").append(socketPath(config)).toString();
    }
}
