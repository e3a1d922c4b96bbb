package org.orion.harness.control;

import java.io.IOException;
import java.util.List;

/**
 * Serves a control command that answers with a stream of lines rather than one reply
 * ({@code monitor}). Called on the connection's own thread, which it may keep as long as the stream
 * runs; the server closes the connection when it returns.
 */
@FunctionalInterface
public interface StreamingHandler {
    /**
     * @param args   the words after the command name
     * @param stream the connection: {@link ControlStream#accept()} first, then lines
     * @throws org.orion.driver.api.OrionException before {@code accept()}: refused, the CLI reports it
     *         with its exit code
     * @throws IOException when the client went away
     */
    void stream(List<String> args, ControlStream stream) throws IOException;
}
