/**
 * Phase one: conv bases and what feeds them. {@link dev.xfer.extract.Backbones} opens a backbone by name
 * (built-in architecture, {@code saved_models/} entry or SavedModel folder); sub-packages hold the
 * architecture descriptions, weight import, the TensorFlow graph, SavedModel support and image decoding.
 */
package dev.xfer.extract;
