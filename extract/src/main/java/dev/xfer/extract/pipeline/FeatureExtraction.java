package dev.xfer.extract.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Backbone;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Progress;
import dev.xfer.common.Provenance;
import dev.xfer.common.cache.CacheManifest;
import dev.xfer.common.cache.FeatureCache;
import dev.xfer.common.cache.FeatureRow;
import dev.xfer.common.cache.RunId;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.dataset.ImageEntry;
import dev.xfer.extract.dataset.Rejected;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Brings the cache for one backbone up to date with one dataset folder. Images whose bytes the cache has
 * seen (same sha256, wherever they now live) cost nothing; the others are decoded and run through the
 * backbone, shard by shard, so a killed run keeps all finished shards.
 */
public final class FeatureExtraction {

    /**
     * Tuning: images per conv-base batch, decoding threads, the most rows and bytes per shard (whichever bound
     * is hit first: a flatten layer's rows are large), wait for a busy cache.
     */
    public record Options(int batchSize, int threads, int shardRows, long shardBytes, boolean waitForLock) {
        public static final long DEFAULT_SHARD_BYTES = 64L << 20;

        public Options {
            if (batchSize < 1 || threads < 1 || shardRows < 1 || shardBytes < 1) {
                throw new BadInputException("--batch-size, --threads, --shard-rows and --shard-mb must be at least 1");
            }
        }

        public Options(int batchSize, int threads, int shardRows, boolean waitForLock) {
            this(batchSize, threads, shardRows, DEFAULT_SHARD_BYTES, waitForLock);
        }

        /** Rows per shard for features of {@code dim} floats (plus about 200 bytes of path, label and hash). */
        public int rowsPerShard(long dim) {
            long perRow = dim * Float.BYTES + 200;
            return (int) Math.max(1, Math.min(shardRows, shardBytes / perRow));
        }
    }

    /** What a run did. */
    public record Result(String runId, Path dir, int images, int extracted, int reused, int skipped,
                         double seconds, List<Rejected> quarantine, CacheManifest manifest) {
        public double imagesPerSecond() {
            return seconds > 0 ? extracted / seconds : 0;
        }
    }

    private FeatureExtraction() {
    }

    public static Result run(Backbone backbone, DatasetScan scan, Path cacheRoot, Options options,
                             Progress progress, BufferAllocator allocator) throws IOException {
        return run(backbone, scan, cacheRoot, options, AugmentedViews.none(), progress, allocator);
    }

    /** As above, with {@code views} augmented views of every training image stored beside it. */
    public static Result run(Backbone backbone, DatasetScan scan, Path cacheRoot, Options options,
                             AugmentedViews views, Progress progress, BufferAllocator allocator) throws IOException {
        long t0 = System.nanoTime();
        Provenance p = backbone.provenance();
        String runId = RunId.of(p);
        Path dir = cacheRoot.resolve(runId);
        List<Rejected> quarantine = new ArrayList<>(scan.rejected());
        List<FeatureRow> wanted = views.plan(hashAll(scan, quarantine, progress), scan.classes());
        int extracted;
        int reused = 0;
        CacheManifest manifest;
        try (FeatureCache cache = FeatureCache.openForWrite(dir, p.stamped(), allocator, options.waitForLock())) {
            Map<String, BatchRunner.Job> missing = new LinkedHashMap<>();
            Map<String, ImageEntry> byPath = new LinkedHashMap<>();
            scan.images().forEach(e -> byPath.put(e.relative(), e));
            Map<String, String> imageSha = new HashMap<>();
            wanted.stream().filter(r -> r.view() == 0).forEach(r -> imageSha.put(r.path(), r.sha256()));
            for (FeatureRow r : wanted) {
                if (cache.known(r.sha256()) == null) {
                    long stream = r.view() == 0 ? 0 : AugmentedViews.stream(imageSha.get(r.path()));
                    missing.putIfAbsent(r.sha256(), new BatchRunner.Job(byPath.get(r.path()), r.view(), stream));
                }
            }
            // duplicates of an image being extracted count as reused: they cost no conv-base work
            reused = wanted.size() - missing.size();
            extracted = BatchRunner.extract(backbone, missing, cache, scan.classes(), options, views, progress,
                    quarantine);
            List<FeatureRow> kept = wanted.stream().filter(r -> cache.known(r.sha256()) != null).toList();
            if (kept.isEmpty()) {
                writeQuarantine(dir, quarantine);
                throw new BadInputException(scan.root() + ": no image could be extracted (" + quarantine.size()
                        + " refused, see " + dir.resolve("quarantine.json") + ")");
            }
            manifest = cache.commit(kept, scan.classes(), scan.root().toAbsolutePath().toString(),
                    options.rowsPerShard(backbone.featureLength()));
            writeQuarantine(dir, quarantine);
            writeViews(dir, views);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(runId, dir, scan.images().size(), extracted, reused, quarantine.size(), seconds,
                quarantine, manifest);
    }

    /** The rows the cache should hold: one per readable image, keyed by its bytes' sha256. */
    private static List<FeatureRow> hashAll(DatasetScan scan, List<Rejected> quarantine, Progress progress) {
        List<FeatureRow> rows = new ArrayList<>();
        progress.start("hashing", scan.images().size());
        for (ImageEntry e : scan.images()) {
            try {
                rows.add(new FeatureRow(e.relative(), e.label(), e.split(), Digests.sha256(e.file()), null));
            } catch (IOException | SecurityException ex) {
                quarantine.add(new Rejected(e.relative(), "cannot read: " + ex.getMessage()));
            }
            progress.advance(1);
        }
        progress.finish();
        return rows;
    }

    /** {@code augmentation.json}: how the views in this run were made (absent when there are none). */
    private static void writeViews(Path dir, AugmentedViews views) throws IOException {
        Path file = dir.resolve("augmentation.json");
        if (views.count() == 0) {
            Files.deleteIfExists(file);
            return;
        }
        AtomicFiles.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(views));
    }

    private static void writeQuarantine(Path dir, List<Rejected> quarantine) throws IOException {
        Path file = dir.resolve("quarantine.json");
        if (quarantine.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        AtomicFiles.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsBytes(quarantine));
    }
}
