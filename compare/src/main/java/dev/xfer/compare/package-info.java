/**
 * Which backbone for a dataset: {@link dev.xfer.compare.BackboneComparison} runs phase one with each backbone
 * (extract's pipeline and stores) and phase two's cross-validation (head's) on the same folds, giving one
 * {@link dev.xfer.compare.BackboneLeaderboard} of backbone x head and {@link dev.xfer.compare.BackboneReport}.
 */
package dev.xfer.compare;
