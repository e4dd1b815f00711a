/**
 * The classic heads, fitted with Smile: logistic regression, linear and RBF SVM (one-vs-rest with Platt
 * scaling for probabilities), random forest, gradient-boosted trees, k-NN and LDA. Saved with Java
 * serialization behind an allow-list filter, so loading a bundle cannot instantiate anything but Smile's and
 * the JDK's collection and number classes.
 */
package dev.xfer.head.smile;
