package dev.xfer.common;

import java.util.Locale;

/** How a conv base's spatial feature map becomes the feature vector stored per image. */
public enum Pooling {
    /** Global average over height and width (Keras {@code pooling='avg'}). */
    AVG,
    /** Global maximum over height and width (Keras {@code pooling='max'}). */
    MAX,
    /** Height x width x channels laid out flat, row-major, channels last. */
    FLATTEN,
    /** The feature map as it is: rank 4. */
    NONE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pooling parse(String text) {
        for (Pooling p : values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new BadInputException("unknown pooling '" + text + "': use one of avg, max, flatten, none");
    }
}
