package dev.xfer.common.training;

import dev.xfer.common.BadInputException;
import java.util.Locale;

/** Which part of a dataset an image serves: training, validation or test. */
public enum Split {
    TRAIN, VAL, TEST;

    /** The name used in folders, Arrow columns and JSON: {@code train}, {@code val}, {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    /**
     * A split folder's or column's name; the validation split also goes by {@code validation} (Keras'
     * cats_and_dogs_filtered), {@code valid} (fastai) and {@code eval}. Null stays null.
     */
    public static Split parse(String name) {
        if (name == null) {
            return null;
        }
        Split s = ofName(name);
        if (s == null) {
            throw new BadInputException("unknown split '" + name + "': expected train, val (or validation, valid, "
                    + "eval) or test");
        }
        return s;
    }

    /** The split a folder or column name means, in any letter case, or null when it names none. */
    public static Split ofName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "train" -> TRAIN;
            case "val", "validation", "valid", "eval" -> VAL;
            case "test" -> TEST;
            default -> null;
        };
    }

    /** Whether {@code name} is the name of a split folder. */
    public static boolean isSplitName(String name) {
        return ofName(name) != null;
    }

    /** For display: a missing split reads {@code none}. */
    public static String labelOf(Split s) {
        return s == null ? "none" : s.label();
    }
}
