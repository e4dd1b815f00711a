package dev.xfer.extract.arch;

import java.util.Locale;

/** How Keras derives names from class names: automatic layer names and Keras 3's weight-file paths. */
public final class KerasNames {
    private KerasNames() {
    }

    /** {@code keras.src.utils.naming.to_snake_case}: its two substitutions, in its order. */
    public static String snakeCase(String kerasClass) {
        return kerasClass.replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
    }
}
