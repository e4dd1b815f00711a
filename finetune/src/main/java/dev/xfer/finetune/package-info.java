/**
 * Method 2: the conv base's top layers and a dense head trained end to end on images. {@code FineTuneGraph}
 * builds the training and inference graphs, {@code Unfreeze} decides what trains, {@code FineTuner} runs the
 * epochs (early stopping, best epoch), {@code TrainingSteps} each batch (pixels, augment, step) with
 * {@code DecodedImages} decoding each photo once per run, and
 * {@code Checkpoint} makes a run resumable; {@code ModelExport} and {@code FineTuneOutput} write
 * {@code models/NAME/}, {@code FineTunedModel} reads it back.
 */
package dev.xfer.finetune;
