package org.orion.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.DriverState;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.Severity;
import org.orion.driver.api.spi.DriverFactory;
import org.orion.harness.config.ConfigLoader;
import org.orion.harness.config.OrionConfig;

class KernelLifecycleTest {
    private final List<DriverEvent> events = new ArrayList<>();
    private Kernel kernel;

    /** The fake factories, found through this module's test ServiceLoader file, in file order. */
    static List<DriverFactory> fakeFactories() {
        return ServiceLoader.load(DriverFactory.class).stream()
                .filter(provider -> provider.type().getEnclosingClass() == FakeDrivers.class)
                .map(ServiceLoader.Provider::get)
                .collect(Collectors.toList());
    }

    @BeforeEach
    void startKernelWithTheFakes() {
        FakeDrivers.JOURNAL.clear();
        FakeDrivers.CONTEXTS.clear();
        OrionConfig config = ConfigLoader.parse("", Path.of("/nonexistent"), "test.toml");
        kernel = new Kernel(config, () -> 42L, fakeFactories(), List.of());
        kernel.events().subscribe(events::add);
        kernel.startDrivers();
    }

    @Test
    void shouldFindTheTestDriversThroughTheServiceLoaderFileInItsOrder() {
        assertEquals(List.of("alpha", "decliner", "breaker", "beta"),
                fakeFactories().stream().map(DriverFactory::name).collect(Collectors.toList()));
    }

    @Test
    void shouldProbeAttachAndStartEachDriverBeforeTheNext() {
        assertEquals(List.of("alpha.probe", "alpha.attach", "alpha.start", "decliner.probe", "breaker.probe",
                "breaker.attach", "breaker.detach", "beta.probe", "beta.attach", "beta.start"), FakeDrivers.JOURNAL);
        assertEquals(DriverState.STARTED, status("alpha").state());
        assertEquals(DriverState.STARTED, status("beta").state());
    }

    @Test
    void shouldSkipADriverWhoseProbeDeclines() {
        DriverStatus decliner = status("decliner");
        assertTrue(decliner.declined());
        assertEquals(DriverState.NEW, decliner.state());
        assertFalse(FakeDrivers.JOURNAL.contains("decliner.attach"));
        assertTrue(events.stream().noneMatch(e -> e.subject().equals("decliner")));
    }

    @Test
    void shouldRecordAFailedAttachAsFailedWithItsErrorAndDetachTheDriver() {
        DriverStatus breaker = status("breaker");
        assertEquals(DriverState.FAILED, breaker.state());
        assertEquals(Optional.of("member sata0/d9 does not exist: check [[arrays]]"), breaker.error());
        assertTrue(FakeDrivers.JOURNAL.contains("breaker.detach"));
        assertFalse(FakeDrivers.JOURNAL.contains("breaker.start"));
        DriverEvent failed = events.stream().filter(e -> e.subject().equals("breaker")).reduce((a, b) -> b).orElseThrow();
        assertEquals(new DriverEvent.DriverStateChanged(42L, "breaker", DriverState.PROBED, DriverState.FAILED), failed);
        assertEquals(Severity.CRITICAL, failed.severity());
    }

    @Test
    void shouldStopAndDetachDriversInTheReverseOrderOfStart() {
        FakeDrivers.JOURNAL.clear();
        kernel.close();
        assertEquals(List.of("beta.stop", "beta.detach", "alpha.stop", "alpha.detach"), FakeDrivers.JOURNAL);
        assertEquals(DriverState.DETACHED, status("alpha").state());
        assertEquals(DriverState.DETACHED, status("beta").state());
        assertEquals(DriverState.FAILED, status("breaker").state());
    }

    @Test
    void shouldPublishEveryStateChangeOfADriverAsAnEvent() {
        kernel.close();
        List<String> alpha = events.stream()
                .filter(e -> e instanceof DriverEvent.DriverStateChanged && e.subject().equals("alpha"))
                .map(e -> ((DriverEvent.DriverStateChanged) e).to().name())
                .collect(Collectors.toList());
        assertEquals(List.of("PROBED", "ATTACHED", "STARTED", "STOPPED", "DETACHED"), alpha);
    }

    @Test
    void shouldGiveDriversTheKernelsClockEventsAndRegistry() {
        var context = FakeDrivers.CONTEXTS.get("alpha");
        assertEquals(42L, context.clock().nanoTime());
        assertSame(kernel.devices(), context.devices());
        assertSame(kernel.events(), context.events());
        assertTrue(context.config().keys().isEmpty(), "alpha owns no config section");
    }

    @Test
    void shouldRefuseASecondDriverWithTheSameName() {
        FakeDrivers.JOURNAL.clear();
        OrionConfig config = ConfigLoader.parse("", Path.of("/nonexistent"), "test.toml");
        Kernel twice = new Kernel(config, () -> 0L, List.of(new FakeDrivers.Alpha(), new FakeDrivers.Alpha()), List.of());
        twice.startDrivers();
        assertEquals(List.of("alpha.probe", "alpha.attach", "alpha.start"), FakeDrivers.JOURNAL);
        assertEquals(DriverState.FAILED, twice.drivers().get(1).state());
        twice.close();
    }

    @Test
    void shouldReportAFactoryThatCannotCreateItsDriverAndStartTheOthers() {
        FakeDrivers.JOURNAL.clear();
        List<DriverEvent> seen = new ArrayList<>();
        DriverFactory broken = new DriverFactory() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public org.orion.driver.api.Driver create() {
                throw new IllegalStateException("native library missing");
            }
        };
        OrionConfig config = ConfigLoader.parse("", Path.of("/nonexistent"), "test.toml");
        Kernel kernel = new Kernel(config, () -> 5L, List.of(broken, new FakeDrivers.Beta()), List.of());
        kernel.events().subscribe(seen::add);
        kernel.startDrivers();
        assertEquals(List.of("beta.probe", "beta.attach", "beta.start"), FakeDrivers.JOURNAL);
        assertEquals(new DriverEvent.InternalError(5L, "broken",
                "could not be loaded: java.lang.IllegalStateException: native library missing"), seen.get(0));
        kernel.close();
    }

    private DriverStatus status(String name) {
        return kernel.drivers().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
