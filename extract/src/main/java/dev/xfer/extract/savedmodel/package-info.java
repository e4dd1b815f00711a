/**
 * Backbones as SavedModels: exporting a built-in conv base (preprocessing inside, {@code images} in,
 * {@code features} out, provenance in {@code xfer.json}) and running any SavedModel whose signature takes an
 * image batch, so users can bring conv bases xfer does not build itself.
 */
package dev.xfer.extract.savedmodel;
