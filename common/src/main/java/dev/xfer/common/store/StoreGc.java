package dev.xfer.common.store;

import dev.xfer.common.bundle.BundleReferences;
import dev.xfer.common.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Garbage collection of one feature store. Keeps every snapshot a head bundle or model names and the latest
 * snapshot of every dataset name; drops the other snapshots and their extraction records; then keeps exactly one
 * copy of every row a kept snapshot uses: shards with nothing needed go, shards with something unneeded are
 * rewritten (the new shard appears whole before the old one goes, so every needed row is always on disk). Never
 * runs while a writer is alive on the store ({@link StoreLease}); removes what killed writers left.
 */
public final class StoreGc {
    /** A shard to rewrite with only the rows of {@code keep} (keys no earlier shard holds) of its {@code total}. */
    public record Rewrite(String shard, List<String> keep, int total, long bytes) {
    }

    /** What gc would do, or did, to one store. */
    public record Plan(String store, List<Snapshot> drop, List<Snapshot> kept, List<String> dropShards,
                       List<Rewrite> rewrite, List<String> temporaries, long bytes, boolean busy, boolean wholeStore) {
    }

    private StoreGc() {
    }

    /** Works out what to remove from {@code store}; changes nothing. */
    public static Plan plan(FeatureStore store, BundleReferences refs, BufferAllocator allocator) throws IOException {
        Storage st = store.storage();
        Set<String> latest = new HashSet<>();
        store.latestByDataset().values().forEach(r -> latest.add(r.snapshot()));
        List<Snapshot> drop = new ArrayList<>();
        List<Snapshot> kept = new ArrayList<>();
        for (Snapshot s : store.snapshots()) {
            boolean named = refs.snapshots().contains(s.id())
                    || s.migratedFrom() != null && refs.legacyRuns().contains(s.migratedFrom());
            (named || latest.contains(s.id()) ? kept : drop).add(s);
        }
        Set<String> needed = new HashSet<>();
        for (Snapshot s : kept) {
            store.listing(s, allocator).rows().forEach(r -> needed.add(r.sha256()));
        }
        ShardIndex index = store.index(allocator);
        Set<String> covered = new HashSet<>();
        List<String> dropShards = new ArrayList<>();
        List<Rewrite> rewrite = new ArrayList<>();
        long bytes = 0;
        for (Map.Entry<String, List<String>> shard : index.shards().entrySet()) {
            List<String> keys = shard.getValue();
            List<String> keep = keys.stream().filter(k -> needed.contains(k) && covered.add(k)).toList();
            long size = index.bytes(shard.getKey());
            if (keep.isEmpty()) {
                dropShards.add(shard.getKey());
                bytes += size;
            } else if (keep.size() < keys.size()) {
                rewrite.add(new Rewrite(shard.getKey(), keep, keys.size(), size));
                bytes += size - size * keep.size() / keys.size();
            }
        }
        for (Snapshot s : drop) {
            bytes += sizeOf(st, Snapshot.listingName(s.id())) + sizeOf(st, Snapshot.jsonName(s.id()));
        }
        List<String> temporaries = new ArrayList<>();
        for (String dir : List.of(ShardFile.DIR, Snapshot.DIR, StoreLease.WRITERS)) {
            for (Storage.Entry e : st.temporaries(dir)) {
                temporaries.add(dir + "/" + e.name());
                bytes += e.size();
            }
        }
        for (Storage.Entry e : st.list(StoreWriter.STAGING)) {
            temporaries.add(StoreWriter.STAGING + "/" + e.name()); // a distributed writer's, and it is not alive
        }
        boolean whole = kept.isEmpty();
        return new Plan(store.id(), drop, kept, dropShards, rewrite, temporaries, bytes, false, whole);
    }

    /** Carries out the plan under a gc lease; a store with a live writer is left alone (busy). */
    public static Plan apply(FeatureStore store, BundleReferences refs, BufferAllocator allocator) throws IOException {
        StoreLease lease = StoreLease.gc(store.storage());
        if (lease == null) {
            return new Plan(store.id(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, true, false);
        }
        try (lease) {
            // planned again under the lease: no writer can have added a snapshot since
            Plan p = plan(store, refs, allocator);
            Storage st = store.storage();
            if (p.wholeStore()) {
                st.deleteTree("");
                return p;
            }
            Set<String> dropped = new HashSet<>();
            for (Snapshot s : p.drop()) {
                st.delete(Snapshot.jsonName(s.id()));
                st.delete(Snapshot.listingName(s.id()));
                dropped.add(s.id());
            }
            for (DatasetRecord r : store.datasetRecords()) {
                if (dropped.contains(r.snapshot())) {
                    st.delete(r.objectName());
                }
            }
            for (Rewrite r : p.rewrite()) {
                rewrite(store, r, allocator);
            }
            for (String shard : p.dropShards()) {
                st.delete(ShardFile.DIR + "/" + shard);
            }
            for (String t : p.temporaries()) {
                if (t.startsWith(StoreWriter.STAGING + "/")) {
                    st.deleteTree(t);
                } else {
                    st.delete(t);
                }
            }
            return p;
        }
    }

    /**
     * Writes the rows the plan keeps of a shard as a new shard, then removes the old one. Shards are planned in
     * name order and each keeps the needed keys no earlier shard holds, so every needed row stays in exactly one.
     */
    private static void rewrite(FeatureStore store, Rewrite r, BufferAllocator allocator) throws IOException {
        Set<String> wanted = new HashSet<>(r.keep());
        List<FeatureVector> keep = new ArrayList<>();
        ShardFile.read(store.storage(), r.shard(), allocator, (keys, values, first, rows, dim) -> {
            for (int i = 0; i < rows; i++) {
                String key = ShardFile.key(keys, i);
                if (wanted.remove(key)) { // a key twice in one shard is kept once
                    float[] x = new float[dim];
                    ShardFile.copyRow(values, i, dim, x, 0);
                    keep.add(new FeatureVector(key, x));
                }
            }
        });
        String written = ShardFile.write(store.storage(), store.provenance(), keep, allocator);
        if (!written.equals(r.shard())) {
            store.storage().delete(ShardFile.DIR + "/" + r.shard());
        }
    }

    private static long sizeOf(Storage st, String name) throws IOException {
        return st.exists(name) ? st.size(name) : 0;
    }
}
