/**
 * The feature store's {@link dev.xfer.common.storage.Storage} on Hadoop's FileSystem, so a Spark job (and its
 * executors) can read datasets and write stores on HDFS, S3 (s3a://) or a shared local path alike.
 */
package dev.xfer.spark.storage;
