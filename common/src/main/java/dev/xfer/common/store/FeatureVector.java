package dev.xfer.common.store;

/**
 * One entry of a feature store: the features of the image whose bytes have sha256 {@code key} (or, for an
 * augmented view, the digest of the image's sha256, the view number, the augmentation and the seed).
 */
public record FeatureVector(String key, float[] values) {
    public FeatureVector {
        if (key == null || key.isEmpty() || values == null) {
            throw new IllegalArgumentException("a feature vector needs a key and values");
        }
    }
}
