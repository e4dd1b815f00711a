package dev.xfer.extract.pipeline;

import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.storage.StatCache;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.DatasetRecord;
import dev.xfer.common.store.Listing;
import dev.xfer.common.store.ListingRow;
import dev.xfer.common.store.Rejected;
import dev.xfer.common.store.ShardFile;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.store.SnapshotInfo;
import dev.xfer.common.store.StoreWriter;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.dataset.ImageEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Phase one for one dataset folder: every image is hashed; images the backbone's feature store has seen (same
 * bytes, in this folder or any other dataset) cost nothing; the others are decoded and run through the backbone,
 * shard by shard, so a killed run keeps every finished shard. Ends by publishing a snapshot of the folder.
 */
public final class FeatureExtraction {

    /**
     * Tuning: images per conv-base batch, decoding threads, the most rows and bytes per shard (whichever bound
     * is hit first: a flatten layer's rows are large), wait while garbage collection runs on the store.
     */
    public record Options(int batchSize, int threads, int shardRows, long shardBytes, boolean waitForGc) {
        public static final long DEFAULT_SHARD_BYTES = 64L << 20;

        public Options {
            if (batchSize < 1 || threads < 1 || shardRows < 1 || shardBytes < 1) {
                throw new BadInputException("--batch-size, --threads, --shard-rows and --shard-mb must be at least 1");
            }
        }

        public Options(int batchSize, int threads, int shardRows, boolean waitForGc) {
            this(batchSize, threads, shardRows, DEFAULT_SHARD_BYTES, waitForGc);
        }

        /** Rows per shard for features of {@code dim} floats. */
        public int rowsPerShard(long dim) {
            return ShardFile.rowsPerShard(dim, shardRows, shardBytes);
        }
    }

    /**
     * What a run did.
     *
     * @param images    image files found in the folder
     * @param extracted feature vectors the conv base computed (new conv-base work)
     * @param reused    rows whose features the store had (or that repeat another image's bytes)
     * @param skipped   files refused, listed in {@code quarantine}
     * @param repointed the extraction the dataset's name meant before, when it was of another folder (null when
     *                  the name is new, or named the same folder): {@code --dataset NAME} now means this one
     */
    public record Result(Snapshot snapshot, String storeDir, int images, int extracted, int reused, int skipped,
                         double seconds, List<Rejected> quarantine, DatasetRecord repointed) {
        public double imagesPerSecond() {
            return seconds > 0 ? extracted / seconds : 0;
        }
    }

    private FeatureExtraction() {
    }

    public static Result run(Backbone backbone, DatasetScan scan, Storage cacheRoot, String dataset, Options options,
                             Progress progress, BufferAllocator allocator) throws IOException {
        return run(LazyBackbone.built(backbone), scan, cacheRoot, dataset, options, AugmentedViews.none(), progress,
                allocator);
    }

    /**
     * As above, with {@code views} augmented views of every training image listed beside it, and a conv base that
     * is built only if some image is not in the store yet.
     */
    public static Result run(LazyBackbone backbone, DatasetScan scan, Storage cacheRoot, String dataset,
                             Options options, AugmentedViews views, Progress progress, BufferAllocator allocator)
            throws IOException {
        return run(backbone, scan, cacheRoot, dataset, options, views, StatCache.none(), progress, allocator);
    }

    /** As above, with the images' sha256 remembered in {@code hashes}: an unchanged image is not read again. */
    public static Result run(LazyBackbone backbone, DatasetScan scan, Storage cacheRoot, String dataset,
                             Options options, AugmentedViews views, StatCache hashes, Progress progress,
                             BufferAllocator allocator) throws IOException {
        return run(backbone, scan, cacheRoot, dataset, options, views, hashes, progress, new ExtractionState(),
                allocator);
    }

    /** As above, telling {@code state} how far it is, for a process stopped before the end. */
    public static Result run(LazyBackbone backbone, DatasetScan scan, Storage cacheRoot, String dataset,
                             Options options, AugmentedViews views, StatCache hashes, Progress progress,
                             ExtractionState state, BufferAllocator allocator) throws IOException {
        try {
            return extract(backbone, scan, cacheRoot, dataset, options, views, hashes, progress, state, allocator);
        } finally {
            state.finished();
        }
    }

    private static Result extract(LazyBackbone backbone, DatasetScan scan, Storage cacheRoot, String dataset,
                                  Options options, AugmentedViews views, StatCache hashes, Progress progress,
                                  ExtractionState state, BufferAllocator allocator) throws IOException {
        long t0 = System.nanoTime();
        List<Rejected> quarantine = new ArrayList<>(scan.rejected());
        List<ListingRow> wanted = views.plan(hashAll(scan, hashes, quarantine, progress), scan.classes());
        hashes.save();
        try (StoreWriter store = StoreWriter.open(cacheRoot, backbone.provenance().stamped(), options.waitForGc(),
                allocator)) {
            Map<String, ImageEntry> byPath = new HashMap<>();
            scan.images().forEach(e -> byPath.put(e.relative(), e));
            Map<String, String> imageSha = new HashMap<>();
            wanted.stream().filter(r -> r.view() == 0).forEach(r -> imageSha.put(r.path(), r.sha256()));
            Map<String, BatchRunner.Job> missing = new LinkedHashMap<>();
            for (ListingRow r : wanted) {
                if (!store.has(r.sha256())) {
                    long stream = r.view() == 0 ? 0 : AugmentedViews.stream(imageSha.get(r.path()));
                    missing.putIfAbsent(r.sha256(), new BatchRunner.Job(byPath.get(r.path()), r.view(), stream));
                }
            }
            // duplicates of an image being extracted count as reused: they cost no conv-base work
            int reused = wanted.size() - missing.size();
            Map<String, Integer> rowsOf = new HashMap<>(); // a missing key's rows: duplicates share one
            wanted.stream().filter(r -> missing.containsKey(r.sha256())).forEach(r -> rowsOf.merge(r.sha256(), 1,
                    Integer::sum));
            state.opened(store, wanted.size(), wanted.size() - rowsOf.values().stream().mapToInt(Integer::intValue)
                    .sum());
            int extracted = missing.isEmpty() ? 0
                    : BatchRunner.extract(backbone.get(), missing, rows -> state.store(() -> store.append(rows),
                            rows.stream().mapToInt(v -> rowsOf.getOrDefault(v.key(), 0)).sum()), options, views,
                            progress, quarantine);
            List<ListingRow> kept = wanted.stream().filter(r -> store.has(r.sha256())).toList();
            if (kept.isEmpty()) {
                throw new BadInputException(scan.root() + ": no image could be extracted (" + quarantine.size()
                        + " refused; first: " + quarantine.stream().limit(3).map(q -> q.path() + ": " + q.reason())
                        .collect(Collectors.joining("; ")) + ")");
            }
            Listing listing = new Listing(scan.classes(), kept);
            String root = scan.root().toAbsolutePath().normalize().toString();
            DatasetRecord before = store.latestRecord(dataset);
            Snapshot s = store.commit(listing, new SnapshotInfo(dataset, root,
                    views.count() == 0 ? null : views.describe(), quarantine, listing.images(), extracted, reused,
                    null, null));
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(s, store.storage().describe(), scan.images().size(), extracted, reused,
                    quarantine.size(), seconds, List.copyOf(quarantine),
                    before == null || before.root().equals(root) ? null : before);
        }
    }

    /** One listing row per readable image, keyed by its bytes' sha256 (hashed on all cores, listed in order). */
    private static List<ListingRow> hashAll(DatasetScan scan, StatCache hashes, List<Rejected> quarantine,
                                            Progress progress) {
        List<ImageEntry> images = scan.images();
        String[] sha = new String[images.size()];
        String[] problem = new String[images.size()];
        progress.start("hashing", images.size());
        java.util.stream.IntStream.range(0, images.size()).parallel().forEach(i -> {
            try {
                sha[i] = hashes.sha256(images.get(i).file());
            } catch (IOException | SecurityException ex) {
                problem[i] = "cannot read: " + ex.getMessage();
            }
            progress.advance(1);
        });
        progress.finish();
        List<ListingRow> rows = new ArrayList<>();
        for (int i = 0; i < sha.length; i++) {
            ImageEntry e = images.get(i);
            if (sha[i] != null) {
                rows.add(new ListingRow(e.relative(), e.label(), e.split(), sha[i], 0));
            } else {
                quarantine.add(new Rejected(e.relative(), problem[i]));
            }
        }
        return rows;
    }
}
