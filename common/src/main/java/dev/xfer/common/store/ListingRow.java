package dev.xfer.common.store;

import dev.xfer.common.training.Split;

/**
 * One row of a snapshot's listing: an image of the dataset (view 0) or an augmented view of one (view 1..K).
 *
 * @param path   the image's path relative to the dataset root, '/'-separated
 * @param label  its class folder's name, or null in an unlabelled dataset
 * @param split  its split (split folders, or dealt at extraction for augmented datasets), or null
 * @param sha256 the key of its features in the store: the image bytes' sha256, or for a view the digest of that,
 *               the view number, the augmentation and the seed
 * @param view   0 for the image itself, 1..K for its augmented views
 */
public record ListingRow(String path, String label, Split split, String sha256, int view) {
    public ListingRow {
        if (path == null || sha256 == null || view < 0) {
            throw new IllegalArgumentException("a listing row needs a path, a key and a view >= 0");
        }
    }

    /** The same row in another split. */
    public ListingRow withSplit(Split s) {
        return new ListingRow(path, label, s, sha256, view);
    }
}
