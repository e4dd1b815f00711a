/**
 * Prediction as a library: {@link dev.xfer.predict.Classifiers#open} reopens the conv base a head bundle's
 * provenance names and puts the head on top (or opens a fine-tuned model), and a {@link dev.xfer.predict.Classifier}
 * turns batches of decoded images into ranked {@link dev.xfer.predict.Prediction}s. {@code xfer predict} and
 * {@code xfer serve} both use it; neither knows how a bundle is turned back into a model.
 */
package dev.xfer.predict;
