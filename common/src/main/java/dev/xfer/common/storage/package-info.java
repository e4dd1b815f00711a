/**
 * Where the feature store keeps its objects, behind a small interface: named objects under folders, read whole
 * or by seeking, written so that a reader sees all of an object or none of it. The commit protocol of the store
 * needs no file lock and no atomic rename of folders, so the same code can run on a local disk
 * ({@link dev.xfer.common.storage.LocalStorage}) or on Hadoop's FileSystem (hdfs://, s3a://).
 */
package dev.xfer.common.storage;
