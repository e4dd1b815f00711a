/**
 * What is in a dataset folder: class sub-folders (labels, sorted, Keras' {@code image_dataset_from_directory}
 * convention), optional train/val/test split folders above them, or a flat folder of unlabelled images; and
 * which files are refused, with why, before any decoding.
 */
package dev.xfer.extract.dataset;
