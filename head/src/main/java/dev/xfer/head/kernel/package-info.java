/**
 * The Gaussian-kernel SVM head: sequential minimal optimisation with second-order working-set selection (as in
 * LIBSVM), kernel rows computed on demand and cached, saved as support vectors and coefficients.
 */
package dev.xfer.head.kernel;
