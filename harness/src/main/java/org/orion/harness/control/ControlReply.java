package org.orion.harness.control;

/**
 * What a control command answers: the exit status the command line should end with, and the text
 * it should print (stdout for status 0, stderr otherwise).
 */
public record ControlReply(int status, String body) {
    public static ControlReply ok(String body) {
        return new ControlReply(0, body);
    }
}
