package dev.xfer.spark;

import dev.xfer.common.training.Split;
import java.io.Serializable;

/**
 * An image of the dataset as the executors see it.
 *
 * @param relative its path inside the dataset, '/'-separated, as local extraction writes it
 * @param label    its class folder, or null
 * @param split    its split folder, or null
 * @param size     bytes
 * @param sha256   sha256 of its bytes once hashed, else null
 * @param problem  why it could not be read, else null
 */
public record ImageFile(String relative, String label, Split split, long size, String sha256, String problem)
        implements Serializable {

    public ImageFile hashed(String sha) {
        return new ImageFile(relative, label, split, size, sha, null);
    }

    public ImageFile refused(String why) {
        return new ImageFile(relative, label, split, size, null, why);
    }
}
