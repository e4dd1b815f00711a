/**
 * The feature cache on disk: Arrow IPC file-format shards (path, label, split, sha256, features) with the
 * provenance in their schema metadata, and a {@code manifest.json} naming the shards in use. Shards are
 * independent and immutable once written, so a later distributed extraction can write them in parallel.
 */
package dev.xfer.common.cache;
