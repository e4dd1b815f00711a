/**
 * Conv-base architectures described as Keras describes them: named layers, their inputs, their
 * hyperparameters. Pure Java, no TensorFlow: shapes, parameter counts, Keras' layer order (which decides how
 * weight files are matched) and summaries all come from this description; the graph package turns it into
 * TensorFlow ops.
 */
package dev.xfer.extract.arch;
