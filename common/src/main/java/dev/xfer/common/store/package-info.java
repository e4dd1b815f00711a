/**
 * The feature cache: one feature store per backbone configuration (immutable Arrow shards of features keyed by
 * image sha256, shared by every dataset extracted with it) and dataset snapshots read against it (immutable,
 * content-addressed listings of path, label, split and key). Many writers may add to a store at once: shards
 * have names of their own, a snapshot is published last, and nothing needs a lock, so the layout works on a
 * local disk and on Hadoop's FileSystem alike.
 */
package dev.xfer.common.store;
