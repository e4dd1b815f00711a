package dev.xfer.extract.arch;

/** The element-wise operators of merge layers and operator nodes. */
public enum Arithmetic {
    ADD("Add"), SUBTRACT("Subtract"), MULTIPLY("Multiply"), DIVIDE("TrueDivide");

    private final String kerasClass;

    Arithmetic(String kerasClass) {
        this.kerasClass = kerasClass;
    }

    /** Keras' class name for the layer (or, for DIVIDE, the ops node). */
    public String kerasClass() {
        return kerasClass;
    }
}
