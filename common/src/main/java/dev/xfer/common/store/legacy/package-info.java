/**
 * Caches in xfer 0.1's layout ({@code cache/RUN/manifest.json} naming Arrow shards of path, label, split, sha256,
 * view and features, one dataset per backbone configuration): read-only, for {@code xfer cache list/show/export}
 * and for {@code xfer cache migrate}, which converts them into feature stores and snapshots.
 */
package dev.xfer.common.store.legacy;
