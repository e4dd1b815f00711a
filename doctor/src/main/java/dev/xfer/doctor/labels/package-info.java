/**
 * Likely label errors: out-of-fold probabilities from a head (the one seam to head/), confident learning on them,
 * and the nearest photos' labels as a second opinion for the ranking.
 */
package dev.xfer.doctor.labels;
