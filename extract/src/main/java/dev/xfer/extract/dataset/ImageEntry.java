package dev.xfer.extract.dataset;

import dev.xfer.common.training.Split;
import java.nio.file.Path;

/**
 * An image found in a dataset.
 *
 * @param file     where it is
 * @param relative its path inside the dataset folder, '/'-separated: the row key in the cache
 * @param label    its class folder's name, or null in an unlabelled folder
 * @param split    the split folder it is under, else null
 */
public record ImageEntry(Path file, String relative, String label, Split split) {
}
