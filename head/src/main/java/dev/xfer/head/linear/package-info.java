/**
 * Linear heads (logistic regression, linear SVM, LDA): all end as a weight matrix, a bias and a link from scores
 * to probabilities, saved as plain JSON numbers that load without Java deserialisation.
 */
package dev.xfer.head.linear;
