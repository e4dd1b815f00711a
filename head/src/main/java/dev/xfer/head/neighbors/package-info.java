/**
 * The k-nearest-neighbours head: brute-force distances as one matrix product per block of queries (faster than a
 * search tree in hundreds of dimensions), training rows saved as raw little-endian floats.
 */
package dev.xfer.head.neighbors;
