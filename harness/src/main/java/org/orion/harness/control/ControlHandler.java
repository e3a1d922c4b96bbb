package org.orion.harness.control;

import java.util.List;

/** Serves one control command. Called on a connection thread; must be thread-safe. */
@FunctionalInterface
public interface ControlHandler {
    /**
     * @param args the words after the command name
     * @throws org.orion.driver.api.OrionException for a failure the CLI reports with its exit code
     */
    ControlReply handle(List<String> args);
}
