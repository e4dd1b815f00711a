/**
 * What every phase that learns from labelled images shares: the {@link dev.xfer.common.training.Split} of an
 * image, seeded stratified splits and folds, class weights, and the metrics every head and fine-tuned model is
 * judged by. Phase one deals splits here too (augmented views go to training images only).
 */
package dev.xfer.common.training;
