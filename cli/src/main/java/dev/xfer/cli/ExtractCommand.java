package dev.xfer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.SharedData;
import dev.xfer.common.Workspace;
import dev.xfer.common.storage.StatCache;
import dev.xfer.common.store.DatasetName;
import dev.xfer.common.store.Snapshot;
import dev.xfer.extract.pipeline.LazyBackbone;
import dev.xfer.extract.dataset.DatasetScan;
import dev.xfer.extract.augment.AugmentSpec;
import dev.xfer.extract.pipeline.AugmentedViews;
import dev.xfer.extract.pipeline.ExtractionState;
import dev.xfer.extract.pipeline.FeatureExtraction;
import dev.xfer.spark.JobArgs;
import dev.xfer.spark.JobModel;
import dev.xfer.spark.SparkSubmission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code xfer extract}: phase one, the conv base over a dataset once, into the feature cache. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        header = "Run a conv base over images once and cache the features.",
        description = {"Run a conv base over a folder of images once: the pooled features go to the backbone's "
                + "feature store (cache/<store>/, Arrow shards keyed by image sha256, shared by every "
                + "dataset), and a snapshot of the folder (paths, labels, splits) is written last. Prints "
                + "the snapshot id: heads, exports and gc name it. Images any earlier extraction has seen, "
                + "in any folder, cost nothing."},
        footer = {"", "DATA: one sub-folder per class (labels are the folder names, sorted), optionally under "
                + "train/ val/ test/ (val/ may also be validation/, valid/ or eval/), or a flat folder of "
                + "unlabelled images. Bad images are skipped and listed "
                + "in the snapshot's quarantine; the exit code is 0 unless nothing could be extracted. "
                + "Several extractions may write to one store at once (different datasets, or the same).",
                "", "Example:", "  xfer extract --backbone squeezenet --name pets data/pets",
                "  xfer head train --dataset pets --type logreg"})
final class ExtractCommand implements Callable<Integer> {
    @Option(names = "--backbone", required = true, paramLabel = "B",
            description = "Built-in architecture, saved_models/ name or SavedModel folder.")
    String backbone;

    @Mixin
    BackboneOptions options;

    @Option(names = "--batch-size", defaultValue = "32", description = "Images per conv-base batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--threads", defaultValue = "2", description = "Decoding threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--shard-rows", defaultValue = "1024", description = "Rows per Arrow shard. Default: ${DEFAULT-VALUE}.")
    int shardRows;

    @Option(names = "--shard-mb", defaultValue = "64",
            description = "Most MiB per Arrow shard (a shard ends at --shard-rows or this). Default: ${DEFAULT-VALUE}.")
    long shardMb;

    @Mixin
    CacheOptions cache;

    @Option(names = "--name", paramLabel = "NAME", description = "The dataset's name ('--dataset NAME' elsewhere "
            + "means its latest snapshot). Default: the folder's name.")
    String name;

    @Option(names = "--no-wait", description = "Fail at once if 'xfer cache gc' is running on the store, instead "
            + "of waiting for it.")
    boolean noWait;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "Also store augmented views of every training image, drawn as SPEC (as for 'xfer finetune "
                    + "--augment'; 'default' is " + AugmentSpec.DEFAULT + "), in row column 'view' 1..K, split "
                    + "train. Training images: the train/ folder, else a seeded stratified split (--val, --test, "
                    + "--augment-seed) written to the split column; validation and test images get no views.")
    String augment;

    @Option(names = "--views", paramLabel = "K", description = "With --augment: views per training image. Default: 1.")
    Integer views;

    /** The old spelling: --augment K took the count and this the spec. */
    @Option(names = "--augment-spec", hidden = true, paramLabel = "SPEC")
    String legacyAugmentSpec;

    @Option(names = "--augment-seed", defaultValue = "42", description = "Seed of the split and of the views. "
            + "Default: ${DEFAULT-VALUE}.")
    long augmentSeed;

    @Option(names = "--val", defaultValue = "0.2", description = "With --augment: validation fraction. Default: "
            + "${DEFAULT-VALUE}.")
    double val;

    @Option(names = "--test", defaultValue = "0.1", description = "With --augment: test fraction. Default: "
            + "${DEFAULT-VALUE}.")
    double test;

    @Mixin
    OutputOptions output;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run on this Spark cluster (spark://HOST:PORT, "
            + "yarn, k8s://...) instead of this machine; DATA and --cache may then be Hadoop URIs (hdfs://, s3a://). "
            + "Needs SPARK_HOME (or scripts/spark-cluster.sh's assembly).")
    String spark;

    @Option(names = "--executor-memory", defaultValue = "2g", paramLabel = "MEM",
            description = "With --spark: memory per executor. Default: ${DEFAULT-VALUE}.")
    String executorMemory;

    @Option(names = "--partition-mb", defaultValue = "64", paramLabel = "MB",
            description = "With --spark: the most image bytes per task (at least one task per core). Default: "
                    + "${DEFAULT-VALUE}.")
    double partitionMb;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "With --spark: a Spark setting, e.g. "
            + "spark.executor.resource.gpu.amount=1; repeatable.")
    List<String> sparkConf = new ArrayList<>();

    @Parameters(paramLabel = "DATA", description = "The dataset folder (with --spark, also a Hadoop URI).")
    String data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String dataset = name != null ? DatasetName.of(name) : DatasetName.ofLocation(data);
        options.noteSlowPrecision(err);
        JsonNode r = spark != null ? onSpark(dataset) : local(dataset, err);
        print(r);
        return XferCommand.OK;
    }

    private JsonNode local(String dataset, java.io.PrintWriter err) throws Exception {
        DatasetScan scan = DatasetScan.of(Path.of(data));
        FeatureExtraction.Result r;
        // TensorFlow starts only if some image is not in the store yet
        Progress progress = output.progress(err);
        ExtractionState state = new ExtractionState();
        Thread onInterrupt = new Thread(() -> interrupted(state, progress, err), "xfer-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try (LazyBackbone b = LazyBackbone.of(options.spec(backbone), Workspace.current());
             BufferAllocator allocator = new RootAllocator()) {
            AugmentedViews views = augmentedViews(err);
            var storage = cache.storage();
            r = FeatureExtraction.run(b, scan, storage, dataset, new FeatureExtraction.Options(batchSize,
                    threads, shardRows, shardMb << 20, !noWait), views,
                    StatCache.of(storage.root().resolve(StatCache.DIR), scan.root()), progress, state, allocator);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it reports
            }
        }
        Snapshot s = r.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot", s.id());
        m.put("store", s.store());
        m.put("dataset", s.dataset());
        m.put("root", s.root());
        m.put("images", r.images());
        m.put("extracted", r.extracted());
        m.put("reused", r.reused());
        m.put("skipped", r.skipped());
        m.put("rows", s.rows());
        m.put("seconds", r.seconds());
        m.put("images_per_second", r.imagesPerSecond());
        m.put("classes", s.classes());
        m.put("store_dir", r.storeDir());
        m.put("quarantine", r.quarantine());
        if (r.repointed() != null) {
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("root", r.repointed().root());
            before.put("snapshot", r.repointed().snapshot());
            before.put("images", r.repointed().images());
            m.put("previous", before); // the name meant another folder until now
        }
        return new ObjectMapper().valueToTree(m);
    }

    /**
     * The process is being stopped (Ctrl-C, kill) mid-run: every finished shard stays in the store and the next run
     * of the same command adopts them, so say so in one line, and withdraw this writer's announcement in
     * {@code writers/} (the stopped process would leave it for gc to time out). Then stop at once with 130, the
     * shell's code for Ctrl-C, before the main thread reports the interruption as a failure.
     */
    private static void interrupted(ExtractionState state, Progress progress, java.io.PrintWriter err) {
        ExtractionState.Kept k = state.abandon();
        if (k == null) {
            return; // finished just now
        }
        if (progress instanceof TerminalProgress bar) {
            bar.interrupt();
        }
        err.println(k.of() < 0 ? "xfer: interrupted while hashing the images, before extracting any; run the same "
                + "command again to start over"
                : String.format(Locale.ROOT, "xfer: interrupted: %d of %d images kept in the store; run the same "
                + "command again to resume", k.rows(), k.of()));
        err.flush();
        Runtime.getRuntime().halt(130);
    }

    /** --augment SPEC [--views K], or the old --augment K [--augment-spec SPEC]. */
    private AugmentedViews augmentedViews(java.io.PrintWriter err) {
        if (augment == null) {
            if (views != null || legacyAugmentSpec != null) {
                throw new BadInputException("--views and --augment-spec need --augment SPEC");
            }
            return AugmentedViews.none();
        }
        int k;
        String drawn;
        if (augment.matches("\\d+")) {
            k = Integer.parseInt(augment);
            drawn = legacyAugmentSpec != null ? legacyAugmentSpec : AugmentSpec.DEFAULT;
            err.println("xfer: note: '--augment " + augment + "' is the old spelling of '--augment " + drawn
                    + " --views " + augment + "'");
        } else {
            if (legacyAugmentSpec != null) {
                throw new BadInputException("--augment-spec is the old spelling of --augment SPEC: pass one of them");
            }
            k = views != null ? views : 1;
            drawn = augment;
        }
        if (k < 1) {
            return AugmentedViews.none();
        }
        return new AugmentedViews(AugmentSpec.parse(drawn), k, augmentSeed, val, test);
    }

    private JsonNode onSpark(String dataset) throws Exception {
        if (augment != null) {
            throw new BadInputException("--augment is not available with --spark yet: extract augmented views on one "
                    + "machine");
        }
        Workspace ws = Workspace.current();
        Path root = SharedData.repoRoot();
        Path model = JobModel.prepare(options.spec(backbone), ws);
        SparkSubmission submission = new SparkSubmission(spark, SparkSubmission.findSparkHome(root),
                SparkSubmission.findJobJar(root), executorMemory, sparkConf,
                ws.root().resolve("logs").resolve("spark-extract-" + System.currentTimeMillis() + ".log"));
        JobArgs args = new JobArgs(data, cache.uri(), model.toString(), dataset, batchSize, shardRows, shardMb << 20,
                (long) (partitionMb * (1 << 20)), !noWait, ProcessHandle.current().pid());
        return submission.run(args, output.progress(spec.commandLine().getErr()), spec.commandLine().getErr());
    }

    private void print(JsonNode r) {
        var out = spec.commandLine().getOut();
        if (r.has("previous")) {
            JsonNode p = r.get("previous");
            spec.commandLine().getErr().printf(Locale.ROOT, "xfer: note: dataset '%s' now points to %s (%d photos); it "
                    + "pointed to %s (%d photos, snapshot %s)%n", r.get("dataset").asText(), r.get("root").asText(),
                    r.get("images").asLong() - r.get("skipped").asLong(), p.get("root").asText(), p.get("images").asLong(),
                    p.get("snapshot").asText().substring(0, Snapshot.SHORT));
            spec.commandLine().getErr().flush();
        }
        if (output.json) {
            JsonOutput.print(out, r);
            return;
        }
        long extracted = r.get("extracted").asLong();
        out.printf(Locale.ROOT, "%d images: %d extracted, %d reused, %d skipped in %.1f s%s%n", r.get("images").asLong(),
                extracted, r.get("reused").asLong(), r.get("skipped").asLong(), r.get("seconds").asDouble(),
                extracted == 0 ? "" : String.format(Locale.ROOT, " (%.1f images/s)",
                        r.get("images_per_second").asDouble()));
        String shortId = r.get("snapshot").asText().substring(0, Snapshot.SHORT);
        List<String> classes = new ArrayList<>();
        r.get("classes").forEach(c -> classes.add(c.asText()));
        out.printf("snapshot %s of %s (%d rows, %s) in store %s%n", shortId, r.get("dataset").asText(),
                r.get("rows").asLong(), classes.isEmpty() ? "no classes" : "classes " + String.join(", ", classes),
                r.get("store").asText());
        if (r.has("partitions")) {
            out.printf("on Spark %s: %d partitions; conv base loads per executor JVM %s%n", spark,
                    r.get("partitions").asInt(), r.get("conv_base_loads_per_executor_jvm"));
        }
        long skipped = r.get("skipped").asLong();
        if (skipped > 0) {
            List<String> first = new ArrayList<>();
            for (JsonNode q : r.get("quarantine")) {
                if (first.size() < 3) {
                    first.add(q.get("path").asText() + ": " + q.get("reason").asText());
                }
            }
            out.printf("skipped %s%s; all of them: xfer cache show %s%n", String.join("; ", first),
                    skipped > 3 ? " ..." : "", shortId);
        }
    }
}
