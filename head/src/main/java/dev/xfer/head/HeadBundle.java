package dev.xfer.head;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Provenance;
import dev.xfer.common.XferVersion;
import dev.xfer.common.bundle.BundleFormat;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.openset.ThresholdFitting;
import dev.xfer.head.openset.UnknownThresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code heads/NAME/}: {@code head.json} (type, hyperparameters, classes, metrics, split, the provenance of the
 * features it was trained on, the snapshot they came from) and the model's data files. Written to a staging
 * folder and renamed into place; an existing bundle is replaced only when asked. Loading reads data files only
 * (the Smile heads through an allow-list filter). Bundles of xfer 0.1 (format 1, {@code cache_run}) still load.
 */
public final class HeadBundle {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The contents of head.json. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(@JsonProperty("format") int format, @JsonProperty("type") String type,
                       @JsonProperty("params") Map<String, Object> params,
                       @JsonProperty("class_weight") String classWeight,
                       @JsonProperty("classes") List<String> classes, @JsonProperty("dim") int dim,
                       @JsonProperty("metrics") Map<String, Object> metrics,
                       @JsonProperty("split") HeadTraining.SplitInfo split,
                       @JsonProperty("provenance") Provenance provenance,
                       @JsonProperty(BundleFormat.SNAPSHOT_FIELD) SnapshotRef snapshot,
                       @JsonProperty(BundleFormat.LEGACY_CACHE_RUN_FIELD) String legacyCacheRun,
                       @JsonProperty("files") List<String> files, @JsonProperty("xfer_version") String xferVersion,
                       @JsonProperty("created") String created) {

        /** What a new bundle records; format, files, version and time are filled in when it is written. */
        public static Info of(String type, Map<String, Object> params, String classWeight, List<String> classes,
                              int dim, Map<String, Object> metrics, HeadTraining.SplitInfo split, Provenance provenance,
                              SnapshotRef snapshot) {
            return new Info(BundleFormat.FORMAT, type, params, classWeight, classes, dim, metrics, split, provenance,
                    snapshot, null, null, null, null);
        }
    }

    /** A loaded bundle. */
    public record Loaded(Path dir, Info info, Head head) {
        /** Refuses features whose provenance differs from the ones the head was trained on. */
        public void requireFeatures(Provenance features, String what) {
            info.provenance().requireSameFeatures(features, "head " + dir, what);
        }
    }

    private HeadBundle() {
    }

    /** Refuses to replace an existing folder unless {@code force}: a bundle is never overwritten silently. */
    public static void requireFree(Path dir, boolean force) {
        if (Files.exists(dir) && !force) {
            throw new BadInputException(dir + " exists: pass --force to replace it, or choose another --out");
        }
    }

    public static void write(Path dir, Head head, Info info, boolean force) throws IOException {
        write(dir, head, info, force, null);
    }

    /** As {@link #write(Path, Head, Info, boolean)}, with unknown-class thresholds (listed in head.json's files). */
    private static void write(Path dir, Head head, Info info, boolean force, UnknownThresholds unknown)
            throws IOException {
        requireFree(dir, force);
        Path staging = AtomicFiles.stagingDirFor(dir);
        try {
            List<String> files = new java.util.ArrayList<>(head.save(staging));
            if (unknown != null) {
                files.addAll(unknown.save(staging));
            }
            Info full = new Info(BundleFormat.FORMAT, info.type(), info.params(), info.classWeight(), info.classes(),
                    info.dim(), info.metrics(), info.split(), info.provenance(), info.snapshot(), null, files,
                    XferVersion.get(), Instant.now().toString());
            JSON.writeValue(staging.resolve(BundleFormat.HEAD_FILE).toFile(), full);
            AtomicFiles.publish(staging, dir);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    /**
     * Saves a head trained by {@link HeadTraining} on {@code t}: the bundle (recording the snapshot) and
     * {@code metrics.json} beside it.
     */
    public static void save(Path dir, HeadTraining.Result r, FeatureTable t, ClassWeights cw,
                            Map<String, Object> metrics, boolean force) throws IOException {
        if (t.source().legacy()) {
            throw new BadInputException(t.source().describe() + " is in xfer 0.1's layout: run 'xfer cache migrate' "
                    + "so the head can name the snapshot it was trained on");
        }
        write(dir, r.fitted().head(), Info.of(r.spec().type().id(), r.spec().params(), cw.spec(), t.classes(), t.dim(),
                metrics, r.split(), t.provenance(), t.source()), force, ThresholdFitting.forTraining(t, r.split()));
        writeJson(dir.resolve("metrics.json"), metrics);
    }

    /**
     * Opens the bundle {@code given} names: its folder, or any file inside it ({@code heads/NAME/head.json}). A
     * fine-tuned model's folder is refused with the option that opens it.
     */
    public static Loaded load(Path given) {
        Path dir = BundleFormat.folderOf(given);
        Path f = dir.resolve(BundleFormat.HEAD_FILE);
        if (!Files.isRegularFile(f)) {
            throw new BadInputException(given + ": not a head bundle (no head.json); train one with 'xfer head train'");
        }
        try {
            Info info = JSON.readValue(f.toFile(), Info.class);
            if (BundleFormat.FINETUNE_TYPE.equals(info.type())) {
                throw new BadInputException(dir + " is a fine-tuned model, not a head bundle: predict and serve open "
                        + "it with --model " + dir);
            }
            Head head = Heads.load(dir, dev.xfer.head.spec.HeadType.of(info.type()), info.dim(), info.classes().size());
            return new Loaded(dir, info, head);
        } catch (IOException e) {
            throw new BadInputException(dir + ": unreadable head bundle (" + e.getMessage()
                    + "); retrain it with 'xfer head train'", e);
        }
    }

    public static void writeJson(Path file, Object value) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(value));
    }
}
