/**
 * Where a conv base's numbers come from: Keras h5 weight files (the legacy Keras 1/2 layout and Keras 3's
 * {@code .weights.h5}), the published ImageNet files, or Keras' default initialisers for tests and benchmarks.
 * Everything lands in a {@link dev.xfer.extract.weights.WeightSet} checked against the architecture.
 */
package dev.xfer.extract.weights;
