/**
 * Cosine similarity over cached features: an exact blocked all-pairs scan ({@link dev.xfer.doctor.similarity.CosineScan}),
 * duplicate groups (complete linkage over pairs the photos' perceptual hash confirms) and leaks built from it, and
 * kNN-distance outliers.
 */
package dev.xfer.doctor.similarity;
