package dev.xfer.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The arithmetic a conv base runs in. Features of different precisions differ in value, so the precision is part
 * of their provenance and of the feature store's name; fp32, the default, is what artifacts without the field
 * hold.
 */
public enum Precision {
    /** Single precision throughout. */
    FP32("fp32"),
    /**
     * oneDNN's automatic mixed precision: convolutions and the element-wise ops between them in bfloat16, sums in
     * fp32. Faster than fp32 on CPUs with bfloat16 instructions; bf16's rounding, more slowly, on others.
     */
    BF16("bf16");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The precision named {@code text}; null or blank means fp32 (artifacts written before the field existed). */
    @JsonCreator
    public static Precision parse(String text) {
        if (text == null || text.isBlank()) {
            return FP32;
        }
        for (Precision p : values()) {
            if (p.id.equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new BadInputException("unknown precision '" + text + "': use fp32 or bf16");
    }
}
