package org.orion.harness;

import java.util.Optional;
import org.orion.driver.api.Driver;
import org.orion.driver.api.DriverState;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.time.NanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded driver and where it is in its lifecycle. Only the kernel's lifecycle thread touches a
 * slot; every state change raises a {@link DriverEvent.DriverStateChanged} and logs one line.
 */
final class DriverSlot {
    private static final Logger LOG = LoggerFactory.getLogger(DriverSlot.class);

    private final Driver driver;
    private final KernelContext context;
    private final EventSink events;
    private final NanoClock clock;
    private DriverState state = DriverState.NEW;
    private boolean declined;
    private Throwable error;

    DriverSlot(Driver driver, KernelContext context) {
        this.driver = driver;
        this.context = context;
        this.events = context.events();
        this.clock = context.clock();
    }

    Driver driver() {
        return driver;
    }

    String name() {
        return driver.name();
    }

    DriverState state() {
        return state;
    }

    DriverStatus status() {
        return new DriverStatus(name(), state, declined, Optional.ofNullable(error).map(DriverSlot::describe));
    }

    /**
     * Probes, attaches and starts the driver. A declining probe leaves it {@code NEW}; a throw makes
     * it {@code FAILED} after undoing what was done (detach after a failed attach; stop and detach
     * after a failed start).
     *
     * @return true if the driver is now started
     */
    boolean bringUp() {
        try {
            if (!driver.probe(context)) {
                declined = true;
                LOG.info("driver {} declined to run here (its probe found nothing to drive)", name());
                return false;
            }
            moveTo(DriverState.PROBED);
        } catch (RuntimeException e) {
            fail("probe", e);
            return false;
        }
        try {
            driver.attach(context);
            moveTo(DriverState.ATTACHED);
        } catch (RuntimeException e) {
            fail("attach", e);
            quietly("detach", driver::detach);
            return false;
        }
        return start();
    }

    /** Starts a driver that is attached or stopped. */
    boolean start() {
        try {
            driver.start();
            moveTo(DriverState.STARTED);
            return true;
        } catch (RuntimeException e) {
            fail("start", e);
            quietly("stop", driver::stop);
            quietly("detach", driver::detach);
            return false;
        }
    }

    /** Stops and detaches a started driver; a throw from stop makes it FAILED but detach still runs. */
    void bringDown() {
        if (state != DriverState.STARTED) {
            return;
        }
        try {
            driver.stop();
            moveTo(DriverState.STOPPED);
        } catch (RuntimeException e) {
            fail("stop", e);
            quietly("detach", driver::detach);
            return;
        }
        try {
            driver.detach();
            moveTo(DriverState.DETACHED);
        } catch (RuntimeException e) {
            fail("detach", e);
        }
    }

    /** Records a failure found outside the lifecycle calls (a name clash). */
    void refuse(RuntimeException e) {
        fail("load", e);
    }

    private void fail(String step, RuntimeException e) {
        error = e;
        LOG.error("driver {}: {} failed: {}", name(), step, describe(e));
        LOG.debug("driver {}: {} failure", name(), step, e);
        moveTo(DriverState.FAILED);
    }

    private void moveTo(DriverState next) {
        DriverState previous = state;
        state = next;
        LOG.info("driver {}: {} -> {}", name(), previous, next);
        events.publish(new DriverEvent.DriverStateChanged(clock.nanoTime(), name(), previous, next));
    }

    /** Runs an undo step after a failure; its own failure is logged and added to the first one. */
    private void quietly(String step, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warn("driver {}: {} after a failure also failed: {}", name(), step, describe(e));
            if (error != null) {
                error.addSuppressed(e);
            }
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
