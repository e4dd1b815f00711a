/**
 * Gradient-boosted trees fitted with Smile, and the reader of heads older xfer versions saved as serialised
 * Smile models (logistic regression, SVMs, k-NN, LDA, forests): Java deserialisation behind an exact class
 * allow-list, depth and size limits, so a hostile file is refused before it can run or hang anything.
 */
package dev.xfer.head.smile;
