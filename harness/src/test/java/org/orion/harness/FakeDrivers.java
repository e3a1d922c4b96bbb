package org.orion.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.orion.driver.api.Driver;
import org.orion.driver.api.DriverContext;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.spi.DriverFactory;

/**
 * Drivers for lifecycle tests, registered in this module's test
 * {@code META-INF/services/org.orion.driver.api.spi.DriverFactory} in the order alpha, decliner,
 * breaker, beta. Each call is written to a shared {@link #JOURNAL} as {@code "<driver>.<step>"}.
 */
final class FakeDrivers {
    static final List<String> JOURNAL = Collections.synchronizedList(new ArrayList<>());
    /** The context each fake was attached with, by driver name. */
    static final java.util.Map<String, DriverContext> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeDrivers() {
    }

    /** A driver that does what it is told and writes each call to the journal. */
    static class Recording implements Driver {
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean probe(DriverContext context) {
            JOURNAL.add(name + ".probe");
            return true;
        }

        @Override
        public void attach(DriverContext context) {
            JOURNAL.add(name + ".attach");
            CONTEXTS.put(name, context);
        }

        @Override
        public void start() {
            JOURNAL.add(name + ".start");
        }

        @Override
        public void stop() {
            JOURNAL.add(name + ".stop");
        }

        @Override
        public void detach() {
            JOURNAL.add(name + ".detach");
        }
    }

    public static final class Alpha implements DriverFactory {
        @Override
        public String name() {
            return "alpha";
        }

        @Override
        public Driver create() {
            return new Recording("alpha");
        }
    }

    public static final class Beta implements DriverFactory {
        @Override
        public String name() {
            return "beta";
        }

        @Override
        public Driver create() {
            return new Recording("beta");
        }
    }

    /** Its probe says it has nothing to drive here. */
    public static final class Decliner implements DriverFactory {
        @Override
        public String name() {
            return "decliner";
        }

        @Override
        public Driver create() {
            return new Recording("decliner") {
                @Override
                public boolean probe(DriverContext context) {
                    JOURNAL.add("decliner.probe");
                    return false;
                }
            };
        }
    }

    /** Its attach throws after doing part of its work. */
    public static final class Breaker implements DriverFactory {
        @Override
        public String name() {
            return "breaker";
        }

        @Override
        public Driver create() {
            return new Recording("breaker") {
                @Override
                public void attach(DriverContext context) {
                    JOURNAL.add("breaker.attach");
                    throw new OrionException(ErrorCode.NOT_FOUND, "member sata0/d9 does not exist: check [[arrays]]");
                }
            };
        }
    }
}
