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

    /** A split folder's or column's name ({@code validation} is read as {@code val}); null stays null. */
    public static Split parse(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "train" -> TRAIN;
            case "val", "validation" -> VAL;
            case "test" -> TEST;
            default -> throw new BadInputException("unknown split '" + name + "': expected train, val or test");
        };
    }

    /** Whether {@code name} is the name of a split folder. */
    public static boolean isSplitName(String name) {
        return name.equals("train") || name.equals("val") || name.equals("test");
    }

    /** For display: a missing split reads {@code none}. */
    public static String labelOf(Split s) {
        return s == null ? "none" : s.label();
    }
}
