package dev.xfer.common.store;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.store.legacy.LegacyRun;
import dev.xfer.common.store.legacy.LegacyShard;
import dev.xfer.common.training.Split;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A snapshot as one row-major float matrix plus its row descriptions, in listing order (path, then view): what
 * phase two trains on and what {@code xfer cache export} writes. Only the shards holding its rows are read, and
 * their values are bulk-copied from the Arrow buffers.
 *
 * @param source where the rows came from (snapshot, store, listing sha256, dataset)
 * @param labels class index per row into {@code classes}, -1 for unlabelled rows
 * @param splits split per row, null where the dataset had none
 * @param views  0 for an image's own features, 1..K for its augmented views (training rows only)
 */
public record FeatureTable(Provenance provenance, SnapshotRef source, List<String> classes, List<String> paths,
                           int[] labels, List<Split> splits, List<String> sha256, int[] views, float[] features,
                           int dim) {

    public int rows() {
        return labels.length;
    }

    /** Row {@code i}'s features (a copy). */
    public float[] row(int i) {
        float[] r = new float[dim];
        System.arraycopy(features, i * dim, r, 0, dim);
        return r;
    }

    /**
     * Reads snapshot {@code s} of {@code store}. With {@code verify}, every shard read is checked against the
     * sha256 in its name first, so a damaged shard is refused rather than trained on.
     */
    public static FeatureTable load(FeatureStore store, Snapshot s, BufferAllocator allocator, boolean verify)
            throws IOException {
        Listing listing = store.listing(s, allocator);
        ShardIndex index = store.index(allocator);
        int n = listing.rows().size();
        int dim = store.provenance().featureLength();
        // per shard, (shard row, listing row) pairs packed in longs and sorted by shard row: a photo listed under
        // two paths feeds two listing rows from one shard row
        Map<String, long[]> wanted = new LinkedHashMap<>();
        Map<String, Integer> count = new HashMap<>();
        ShardIndex.Location[] at = new ShardIndex.Location[n];
        for (int i = 0; i < n; i++) {
            ListingRow r = listing.rows().get(i);
            at[i] = index.locate(r.sha256());
            if (at[i] == null) {
                throw new BadInputException("snapshot " + s.shortId() + " needs features of " + r.path()
                        + " that store " + store.id() + " does not have (removed or damaged); extract " + s.root()
                        + " again");
            }
            count.merge(at[i].shard(), 1, Integer::sum);
        }
        Map<String, Integer> filled = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long[] pairs = wanted.computeIfAbsent(at[i].shard(), k -> new long[count.get(k)]);
            int f = filled.merge(at[i].shard(), 1, Integer::sum) - 1;
            pairs[f] = (long) at[i].row() << 32 | i;
        }
        float[] x = new float[Math.multiplyExact(n, dim)];
        for (Map.Entry<String, long[]> shard : wanted.entrySet()) {
            String name = shard.getKey();
            if (verify && !store.storage().sha256(ShardFile.DIR + "/" + name).equals(name.replace(ShardFile.SUFFIX, ""))) {
                throw new BadInputException(store.storage().describe() + "/" + ShardFile.DIR + "/" + name
                        + ": damaged shard (its bytes no longer match its name); run 'xfer cache verify --repair', "
                        + "then extract " + s.root() + " again");
            }
            long[] pairs = shard.getValue();
            java.util.Arrays.sort(pairs);
            int[] next = {0};
            ShardFile.read(store.storage(), name, allocator, (keys, values, first, rows, d) -> {
                java.nio.FloatBuffer batch = ShardFile.floats(values, rows, d);
                int k = next[0];
                while (k < pairs.length && (int) (pairs[k] >>> 32) < first + rows) {
                    int row = (int) (pairs[k] >>> 32) - first;
                    int dest = (int) pairs[k];
                    batch.get(row * d, x, dest * dim, d);
                    k++;
                }
                next[0] = k;
            });
        }
        return of(store.provenance(), s.ref(), listing.classes(), listing.rows(), x, dim);
    }

    /**
     * Snapshot {@code s}'s rows (paths, labels, splits, keys, views) without their features ({@code dim} 0): for
     * what needs to know which rows a snapshot has, such as the split a head dealt, not their values.
     */
    public static FeatureTable rowsOf(FeatureStore store, Snapshot s, BufferAllocator allocator) {
        Listing listing = store.listing(s, allocator);
        return of(store.provenance(), s.ref(), listing.classes(), listing.rows(), new float[0], 0);
    }

    /** Reads an xfer 0.1 cache run, read-only. */
    public static FeatureTable load(LegacyRun run, BufferAllocator allocator, boolean verify) throws IOException {
        List<LegacyShard.Row> rows = run.rows(allocator, verify);
        int dim = run.manifest().provenance().featureLength();
        float[] x = new float[Math.multiplyExact(rows.size(), dim)];
        List<ListingRow> listing = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LegacyShard.Row r = rows.get(i);
            System.arraycopy(r.features(), 0, x, i * dim, dim);
            listing.add(new ListingRow(r.path(), r.label(), r.split(), r.sha256(), r.view()));
        }
        String sha = new Listing(run.manifest().classes(), listing).sha256();
        SnapshotRef ref = new SnapshotRef(null, run.id(), sha, DatasetName.ofFolder(java.nio.file.Path.of(
                run.manifest().dataset())));
        return of(run.manifest().provenance(), ref, run.manifest().classes(), listing, x, dim);
    }

    private static FeatureTable of(Provenance p, SnapshotRef ref, List<String> classes, List<ListingRow> rows,
                                   float[] x, int dim) {
        Map<String, Integer> classIndex = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            classIndex.put(classes.get(i), i);
        }
        int n = rows.size();
        int[] labels = new int[n];
        int[] views = new int[n];
        List<String> paths = new ArrayList<>(n);
        List<Split> splits = new ArrayList<>(n);
        List<String> shas = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ListingRow r = rows.get(i);
            labels[i] = r.label() == null ? -1 : classIndex.getOrDefault(r.label(), -1);
            views[i] = r.view();
            paths.add(r.path());
            splits.add(r.split());
            shas.add(r.sha256());
        }
        return new FeatureTable(p, ref, List.copyOf(classes), paths, labels, splits, shas, views, x, dim);
    }
}
