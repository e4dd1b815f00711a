package dev.xfer.predict;

/** Marks a prediction "unknown" when its features are far from every class the head was trained on. */
interface UnknownCheck {
    /** {@code p} as it stands, or marked unknown; the image's features are {@code f[offset, offset + dim)}. */
    Prediction check(Prediction p, float[] f, int offset, int dim);
}
