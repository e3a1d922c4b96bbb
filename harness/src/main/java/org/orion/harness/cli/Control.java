package org.orion.harness.cli;

import java.util.List;
import java.util.Optional;
import org.orion.harness.control.ControlClient;
import org.orion.harness.control.ControlReply;

/** How modes reach the running kernel: connect if one answers, print its reply, return its status. */
final class Control {
    private Control() {
    }

    static Optional<ControlClient> running(Invocation invocation) {
        return ControlClient.connectIfRunning(ServeMode.socketPath(invocation.config()));
    }

    /** Forwards to the running kernel, or reports that none runs (exit 1). */
    static int forward(Invocation invocation, String command, List<String> args) {
        Optional<ControlClient> client = running(invocation);
        if (client.isEmpty()) {
            invocation.err().println("orion: no running kernel (start one with 'orion serve'; control socket "
                    + ServeMode.socketPath(invocation.config()) + ")");
            return ExitCodes.FAILURE;
        }
        return print(invocation, client.get().call(command, args));
    }

    static int print(Invocation invocation, ControlReply reply) {
        (reply.status() == 0 ? invocation.out() : invocation.err()).print(reply.body());
        return reply.status();
    }
}
