package org.orion.harness.nbd;

/**
 * The client broke a MUST of the protocol (bad magic, unknown handshake flags, an absurd length,
 * an unknown export after EXPORT_NAME): the connection is closed without a protocol message. The
 * message says what the client did, for the log line that records the close.
 */
final class HardDisconnect extends Exception {
    HardDisconnect(String message) {
        super(message, null, false, false);
    }
}
