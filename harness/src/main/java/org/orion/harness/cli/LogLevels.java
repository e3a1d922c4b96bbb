package org.orion.harness.cli;

/**
 * Sets slf4j-simple's level. slf4j-simple reads its level once, when the first logger is made, so
 * this must run before the kernel starts; the CLI calls it right after loading the configuration.
 * A level given with {@code -Dorg.slf4j.simpleLogger.defaultLogLevel} on the java command line wins.
 */
final class LogLevels {
    static final String PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    private LogLevels() {
    }

    static void apply(String level) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, level);
        }
    }
}
