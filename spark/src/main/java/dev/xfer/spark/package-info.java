/**
 * Phase one on Apache Spark: {@link dev.xfer.spark.ExtractJob} lists and hashes a dataset on the executors, skips
 * images the feature store already has with an anti-join, runs the conv base (loaded once per executor JVM) over
 * partitions sized by bytes, and commits each partition's shards from the driver as its task succeeds, writing
 * the same snapshot a local {@code xfer extract} writes. {@link dev.xfer.spark.SparkSubmission} is how the
 * command line starts it on a cluster.
 */
package dev.xfer.spark;
