/**
 * Phase two: heads trained, compared and used on cached features (logistic regression, SVM, forests, k-NN,
 * LDA with Smile; the dense head with TensorFlow). Never builds or runs the conv base. Filled in by the
 * phase-two issue; the module exists so the layout is visible from the start.
 */
package dev.xfer.head;
