/**
 * The dense head: optional hidden Dense(relu) layers, Dropout, then Dense softmax (or one sigmoid unit for two
 * classes), trained with TensorFlow graph ops (Adam, RMSprop, SGD with momentum or Nesterov), class-weighted
 * loss, L2, and early stopping that keeps the best epoch's weights. Saved as plain float arrays; prediction on
 * a loaded bundle is a few matrix products in Java. {@code DenseLayers} and {@code OptimizerOps} are the graph
 * pieces fine-tuning reuses.
 */
package dev.xfer.head.dense;
