package dev.xfer.spark;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.Listing;
import dev.xfer.common.store.ListingRow;
import dev.xfer.common.store.Rejected;
import dev.xfer.common.store.ShardFile;
import dev.xfer.common.store.Snapshot;
import dev.xfer.common.store.SnapshotInfo;
import dev.xfer.common.store.StoreWriter;
import dev.xfer.spark.storage.HadoopStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The driver's side of a Spark extraction. Lists the dataset's folders, then on the executors lists their files
 * and hashes every image; an anti-join with the store's keys (read from shard footers, also on the executors)
 * leaves the images never seen, one per distinct content; those are dealt into partitions sized by bytes and
 * extracted. Each partition's shards are published from its task attempt's staging folder as soon as Spark
 * reports the attempt it keeps, so a killed driver loses at most the partitions in flight; the snapshot is
 * written last, from the same listing a local extraction makes.
 */
public final class DistributedExtraction {
    /** What the job did; {@code loadsPerJvm}: conv-base loads reported by each executor JVM (by pid). */
    public record Result(Snapshot snapshot, String storeDir, long images, long extracted, long reused, long skipped,
                         double seconds, List<Rejected> quarantine, Map<Long, Integer> loadsPerJvm, int partitions) {
    }

    private DistributedExtraction() {
    }

    public static Result run(JavaSparkContext sc, JobArgs a) throws IOException {
        long t0 = System.nanoTime();
        Path modelDir = Path.of(a.model());
        Provenance p = Provenance.readFrom(modelDir);
        ModelFiles model = ModelFiles.of(modelDir);
        HadoopStorage data = new HadoopStorage(a.data());
        LongAccumulator done = sc.sc().longAccumulator("xfer images extracted");
        try (RootAllocator allocator = new RootAllocator();
             StoreWriter w = StoreWriter.open(new HadoopStorage(a.cache()), p.stamped(), a.waitForGc(), allocator);
             ExtractProgress progress = new ExtractProgress(done, System.err)) {
            sc.sc().addSparkListener(progress);
            Storage store = w.storage();
            model.upload(modelDir, store);
            DatasetLayout layout = DatasetLayout.of(data);
            int cores = Math.max(1, sc.defaultParallelism());
            JavaRDD<ImageFile> images = sc.parallelize(layout.folders(), Math.max(1, layout.folders().size()))
                    .flatMap(f -> DatasetLayout.images(data, f).iterator())
                    .repartition(4 * cores)
                    .map(img -> hash(data, img))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            progress.phase("hashing", 0);
            List<ImageFile> all = images.collect();
            if (all.isEmpty()) {
                throw new BadInputException(data.describe() + ": no images found (JPEG, PNG, BMP or GIF); check the "
                        + "folder");
            }
            List<String> shards = store.list(ShardFile.DIR).stream().map(Storage.Entry::name)
                    .filter(n -> n.endsWith(ShardFile.SUFFIX)).toList();
            JavaPairRDD<String, Boolean> known = sc.parallelize(shards, Math.max(1, Math.min(shards.size(), 4 * cores)))
                    .flatMapToPair(name -> keys(store, name).iterator());
            JavaRDD<ImageFile> missing = images.filter(i -> i.sha256() != null)
                    .mapToPair(i -> new Tuple2<>(i.sha256(), i))
                    .subtractByKey(known)
                    .reduceByKey((x, y) -> x.relative().compareTo(y.relative()) <= 0 ? x : y)
                    .values().persist(StorageLevel.MEMORY_AND_DISK());
            Tuple2<Long, Long> work = missing.map(i -> new Tuple2<>(1L, i.size()))
                    .fold(new Tuple2<>(0L, 0L), (x, y) -> new Tuple2<>(x._1() + y._1(), x._2() + y._2()));
            int partitions = partitions(work._1(), work._2(), a.partitionBytes(), cores);
            Publisher publisher = new Publisher(w);
            if (work._1() > 0) {
                progress.phase("extracting", work._1());
                JavaRDD<ImageFile> parts = missing.mapToPair(i -> new Tuple2<>(i.sha256(), i))
                        .partitionBy(new HashPartitioner(partitions)).values();
                int shardRows = ShardFile.rowsPerShard(p.featureLength(), a.shardRows(), a.shardBytes());
                PartitionExtractor extractor = new PartitionExtractor(data, store, model, p, w.writerId(),
                        a.batchSize(), shardRows, done);
                sc.sc().runJob(parts.rdd(), new ScalaFunctions.Task(extractor),
                        new ScalaFunctions.Handler(publisher::publish),
                        scala.reflect.ClassTag$.MODULE$.apply(PartitionResult.class));
                publisher.rethrow();
                progress.phase("extracting", work._1());
            }
            store.deleteTree(StoreWriter.STAGING + "/" + w.writerId());
            List<Rejected> quarantine = new ArrayList<>();
            List<ListingRow> rows = new ArrayList<>();
            for (ImageFile i : all) {
                if (i.problem() != null) {
                    quarantine.add(new Rejected(i.relative(), i.problem()));
                } else if (w.has(i.sha256())) {
                    rows.add(new ListingRow(i.relative(), i.label(), i.split(), i.sha256(), 0));
                }
            }
            quarantine.addAll(publisher.rejected());
            if (rows.isEmpty()) {
                throw new BadInputException(data.describe() + ": no image could be extracted (" + quarantine.size()
                        + " refused)");
            }
            long extracted = publisher.extracted();
            Snapshot s = w.commit(new Listing(layout.classes(), rows), new SnapshotInfo(a.dataset(), data.uri(), null,
                    quarantine, rows.size(), extracted, all.size() - quarantine.size() - extracted, null, null));
            return new Result(s, store.describe(), all.size(), extracted, all.size() - quarantine.size() - extracted,
                    quarantine.size(), (System.nanoTime() - t0) / 1e9, quarantine, publisher.loadsPerJvm(),
                    partitions);
        }
    }

    /**
     * Partitions for {@code count} images of {@code bytes} in all: one per {@code partitionBytes} of image bytes
     * (the memory a task needs follows bytes, not rows), but at least one per core while there are images to share.
     */
    static int partitions(long count, long bytes, long partitionBytes, int cores) {
        long byBytes = (bytes + partitionBytes - 1) / partitionBytes;
        return (int) Math.max(1, Math.max(byBytes, Math.min(count, cores)));
    }

    private static ImageFile hash(Storage data, ImageFile img) {
        try {
            return img.hashed(Digests.sha256(data.read(img.relative())));
        } catch (IOException | RuntimeException e) {
            return img.refused("cannot read: " + e.getMessage());
        }
    }

    private static List<Tuple2<String, Boolean>> keys(Storage store, String shard) {
        try (RootAllocator a = new RootAllocator()) {
            return ShardFile.keys(store, shard, a).stream().map(k -> new Tuple2<>(k, Boolean.TRUE)).toList();
        } catch (BadInputException damaged) {
            return List.of(); // its rows count as missing and are extracted again, as locally
        }
    }

    /** Publishes each kept task attempt's shards as its result arrives on the driver. */
    static final class Publisher {
        private final StoreWriter writer;
        private final List<Rejected> rejected = new ArrayList<>();
        private final Map<Long, Integer> loads = new TreeMap<>();
        private long extracted;
        private IOException failure;

        Publisher(StoreWriter writer) {
            this.writer = writer;
        }

        synchronized void publish(PartitionResult r) {
            try {
                for (String shard : r.shards()) {
                    writer.publish(r.stagingDir(), shard);
                }
                extracted += r.extracted();
                rejected.addAll(r.rejected());
                loads.merge(r.pid(), r.loadsInJvm(), Math::max);
            } catch (IOException e) {
                failure = e;
            }
        }

        synchronized void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }

        synchronized long extracted() {
            return extracted;
        }

        synchronized List<Rejected> rejected() {
            return List.copyOf(rejected);
        }

        synchronized Map<Long, Integer> loadsPerJvm() {
            return Map.copyOf(loads);
        }
    }
}
