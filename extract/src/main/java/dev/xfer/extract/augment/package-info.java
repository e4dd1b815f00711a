/**
 * Image augmentation with Keras ImageDataGenerator meanings, as one TensorFlow op per batch: the settings
 * ({@code AugmentSpec}), seeded per-image draws written as projective transforms ({@code RandomTransform}), the op
 * to put in a graph ({@code AugmentOps}) and a stand-alone session for previews and augmented features
 * ({@code Augmenter}). Fine-tuning and {@code xfer augment-preview} share all of it.
 */
package dev.xfer.extract.augment;
