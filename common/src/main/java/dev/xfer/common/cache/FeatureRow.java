package dev.xfer.common.cache;

/**
 * One image's cached features.
 *
 * @param path     the image's path relative to the dataset folder, with '/' separators
 * @param label    its class (the class folder's name), or null for unlabelled images
 * @param split    train, val or test when the dataset has split folders, else null
 * @param sha256   sha256 of the image file's bytes: features are reused for any file with the same bytes
 * @param features the pooled features
 * @param view     0 for the image as it is; 1..K for the K augmented views {@code xfer extract --augment K}
 *                 stores of a training image (their sha256 is then a digest of the image's sha256, the view number
 *                 and the augmentation, so each view has its own key)
 */
public record FeatureRow(String path, String label, String split, String sha256, float[] features, int view) {

    public FeatureRow(String path, String label, String split, String sha256, float[] features) {
        this(path, label, split, sha256, features, 0);
    }
}
