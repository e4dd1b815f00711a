package dev.xfer.common;

import java.util.Locale;

/**
 * The input normalisation a conv base was trained with, applied inside the graph so that every consumer
 * (extraction, SavedModel users, fine-tuning) feeds plain RGB values in 0..255.
 */
public enum Preprocessing {
    /** Keras {@code mode='caffe'}: RGB to BGR, then minus the ImageNet channel means, no scaling. */
    CAFFE("RGB->BGR; subtract mean (B,G,R)=(103.939,116.779,123.68); no scaling"),
    /** Keras {@code mode='tf'}: x / 127.5 - 1, so values lie in -1..1. */
    TF("x/127.5 - 1"),
    /** Values passed through as they are. */
    NONE("none");

    /** ImageNet channel means in BGR order, as Keras' caffe mode subtracts them. */
    public static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};

    private final String description;

    Preprocessing(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preprocessing parse(String text) {
        for (Preprocessing p : values()) {
            if (p.id().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new BadInputException("unknown preprocessing '" + text + "': use one of caffe, tf, none");
    }
}
