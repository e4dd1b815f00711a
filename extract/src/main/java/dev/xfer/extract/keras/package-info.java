/**
 * Keras model files as conv bases: a Keras 3 {@code .keras} zip or a full-model {@code .h5} (Keras 2 or 3) read
 * into an {@link dev.xfer.extract.arch.Architecture} of xfer's layer vocabulary and the weights saved with it.
 * Nested models are inlined and layers called more than once become one node per call sharing their weights.
 */
package dev.xfer.extract.keras;
