/**
 * Turns an architecture description into a TensorFlow graph (preprocessing, layers up to the cut, pooling)
 * whose weights are variables, and runs it as a {@link dev.xfer.common.Backbone}. Fine-tuning reuses the
 * same graph and takes gradients of the variables above its cut.
 */
package dev.xfer.extract.graph;
