package dev.xfer.common;

/**
 * A server xfer needs could not be reached or did not answer (no network, a proxy that refuses, HTTP errors): not
 * the user's input, so exit code 1, with one line saying what to do without the network.
 */
public class UnreachableException extends RuntimeException {
    public UnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
