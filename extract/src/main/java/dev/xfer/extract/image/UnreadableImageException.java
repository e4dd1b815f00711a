package dev.xfer.extract.image;

import dev.xfer.common.BadInputException;

/**
 * An image file that cannot be turned into pixels. Its message names the file; {@link #reason()} is the bare
 * reason, which extraction lists in {@code quarantine.json} beside the file's dataset path.
 */
public final class UnreadableImageException extends BadInputException {
    private final String reason;

    public UnreadableImageException(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
