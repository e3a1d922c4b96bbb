package org.orion.harness.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.io.IoStatus;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.EventFanOut;
import org.orion.harness.config.KernelSettings;
import org.orion.harness.control.ControlClient;
import org.orion.harness.control.ControlReply;
import org.orion.harness.control.ControlServer;

/** The monitor command over a real control socket, without a kernel: events in, JSON lines out. */
class MonitorStreamTest {
    @TempDir
    Path dir;

    private final EventFanOut kernelEvents = new EventFanOut();
    private EventManager manager;
    private ControlServer server;
    private ControlClient client;

    @BeforeEach
    void start() {
        manager = EventManager.start(new KernelSettings(dir, "warn"), NanoClock.system());
        kernelEvents.subscribe(manager);
        server = new ControlServer(dir.resolve("orion.sock")).handleStream("monitor",
                new MonitorStream(manager, kernelEvents, () -> List.of("md0", "md1"), NanoClock.system())).start();
        client = ControlClient.connectIfRunning(server.socketPath()).orElseThrow();
    }

    @AfterEach
    void stop() {
        server.close();
        manager.close();
    }

    private static List<String> kinds(List<String> lines) {
        return lines.stream().map(l -> MonitoredEvent.parse(l).kind() + " " + MonitoredEvent.parse(l).subject())
                .collect(Collectors.toList());
    }

    private static void awaitLines(List<String> lines, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(lines.size() >= count, "expected " + count + " lines, got " + lines);
    }

    @Test
    void shouldSendATestMessagePerArrayThenFollowEventsUntilTheClientLeaves() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread[] thread = new Thread[1];
        CompletableFuture<ControlReply> reply = CompletableFuture.supplyAsync(() -> {
            thread[0] = Thread.currentThread();
            return client.stream("monitor", List.of("test"), lines::add);
        });
        awaitLines(lines, 2);
        kernelEvents.publish(new DriverEvent.MemberFailed(0, "md1", "sata0/d4", IoStatus.TIMEOUT));
        awaitLines(lines, 3);
        assertEquals(List.of("TestMessage md0", "TestMessage md1", "Fail md1"), kinds(lines));
        assertEquals("sata0/d4", MonitoredEvent.parse(lines.get(2)).component().orElseThrow());
        thread[0].interrupt();
        assertEquals(0, reply.get(10, TimeUnit.SECONDS).status(), "an interrupted client ends quietly");
    }

    @Test
    void shouldEndAOneshotStreamOnceTheTestMessagesAreOut() {
        List<String> lines = new CopyOnWriteArrayList<>();
        ControlReply reply = client.stream("monitor", List.of("test", "oneshot"), lines::add);
        assertEquals(0, reply.status());
        assertEquals(List.of("TestMessage md0", "TestMessage md1"), kinds(lines));
    }

    @Test
    void shouldEndTheStreamWhenTheKernelStops() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<ControlReply> reply = CompletableFuture.supplyAsync(
                () -> client.stream("monitor", List.of(), lines::add));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            // publish until the stream is surely subscribed, then stop
            kernelEvents.publish(new DriverEvent.NewArray(System.nanoTime(), "md0", "assembled " + System.nanoTime()));
            Thread.sleep(20);
        }
        manager.close();
        assertEquals(0, reply.get(10, TimeUnit.SECONDS).status());
        assertTrue(kinds(lines).stream().allMatch(k -> k.equals("NewArray md0")), lines.toString());
    }

    @Test
    void shouldTellANewClientTheArraysStateFirstAndOnlyThatClient() {
        List<DriverEvent> seenByKernel = new CopyOnWriteArrayList<>();
        kernelEvents.subscribe(seenByKernel::add);
        List<DriverEvent> state = List.of(new DriverEvent.NewArray(0, "md0", "raid5 degraded"),
                new DriverEvent.DegradedArray(0, "md0", 1, 0), new DriverEvent.SparesMissing(0, "md0", 1, 0));
        server.handleStream("monitor-first", new MonitorStream(manager, kernelEvents, () -> List.of("md0"),
                () -> state, NanoClock.system()));
        List<String> lines = new CopyOnWriteArrayList<>();
        ControlReply reply = client.stream("monitor-first", List.of("test", "oneshot"), lines::add);
        assertEquals(0, reply.status());
        assertEquals(List.of("NewArray md0", "DegradedArray md0", "SparesMissing md0", "TestMessage md0"), kinds(lines));
        assertEquals(List.of("TestMessage"), seenByKernel.stream().map(DriverEvent::kind).toList(),
                "first-sight events are for the new client, not for the kernel's log, file and program");
    }

    @Test
    void shouldRefuseAnUnknownWordWithAUsageReply() {
        ControlReply reply = client.stream("monitor", List.of("tset"), line -> {
            throw new AssertionError("no lines expected: " + line);
        });
        assertEquals(2, reply.status());
        assertEquals("orion: monitor takes 'test' and 'oneshot', not 'tset'\n", reply.body());
    }
}
