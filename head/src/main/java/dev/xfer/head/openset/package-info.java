/**
 * "None of the above": per-class distance thresholds fitted on a head's training features, so that a photo far from
 * every class the head knows is answered "unknown (nearest: CLASS)" instead of a confident wrong class.
 */
package dev.xfer.head.openset;
