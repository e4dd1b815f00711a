/**
 * Likely label errors: out-of-fold probabilities from a head (the one seam to head/) and confident learning on them.
 */
package dev.xfer.doctor.labels;
