package dev.xfer.common.cache;

/**
 * One image's cached features.
 *
 * @param path     the image's path relative to the dataset folder, with '/' separators
 * @param label    its class (the class folder's name), or null for unlabelled images
 * @param split    train, val or test when the dataset has split folders, else null
 * @param sha256   sha256 of the image file's bytes: features are reused for any file with the same bytes
 * @param features the pooled features
 */
public record FeatureRow(String path, String label, String split, String sha256, float[] features) {
}
