/**
 * The random-forest head: CART trees on bootstrap samples, grown in parallel with one seed per tree (the same
 * forest whatever thread grows which tree), saved as arrays of numbers.
 */
package dev.xfer.head.forest;
