/**
 * Phase one's pass over a dataset: hash every image, reuse features the store already has, decode the rest
 * on worker threads ahead of the conv base through a bounded queue, and write shards as batches finish.
 */
package dev.xfer.extract.pipeline;
