package dev.xfer.common;

/**
 * A problem with what the user gave xfer (a file, a flag, a folder), as opposed to a bug. The command line
 * prints its message as one line and exits with code 2; the message names the file and says what to do.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
