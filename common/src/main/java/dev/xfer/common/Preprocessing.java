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
    /** Keras {@code mode='torch'} (DenseNet): x / 255, then minus the ImageNet mean and over its standard deviation. */
    TORCH("x/255; subtract mean (R,G,B)=(0.485,0.456,0.406); divide by std (0.229,0.224,0.225)"),
    /** Values passed through as they are (the model may rescale inside, as EfficientNet and ConvNeXt do). */
    NONE("none");

    /** ImageNet channel means in BGR order, as Keras' caffe mode subtracts them. */
    public static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};

    /** ImageNet channel means and standard deviations on 0..1 pixels, RGB, as Keras' torch mode uses them. */
    public static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};
    /** The same standard deviations as Keras writes them in double precision (ConvNeXt squares them times 255). */
    public static final double[] TORCH_STD_DOUBLE = {0.229, 0.224, 0.225};

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
        throw new BadInputException("unknown preprocessing '" + text + "': use one of caffe, tf, torch, none");
    }
}
