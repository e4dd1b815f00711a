package dev.xfer.extract.arch;

/** The Keras layer classes the built-in conv bases are made of. */
public enum LayerKind {
    INPUT("InputLayer"),
    CONV2D("Conv2D"),
    BATCH_NORM("BatchNormalization"),
    ACTIVATION("Activation"),
    MAX_POOL("MaxPooling2D"),
    AVG_POOL("AveragePooling2D"),
    CONCAT("Concatenate"),
    DROPOUT("Dropout");

    private final String kerasClass;

    LayerKind(String kerasClass) {
        this.kerasClass = kerasClass;
    }

    /** The class name Keras prints in a summary, and the prefix of its automatic layer names. */
    public String kerasClass() {
        return kerasClass;
    }
}
