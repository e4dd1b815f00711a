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
import dev.xfer.common.cache.CacheGc;
import dev.xfer.common.head.Head;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code heads/NAME/}: {@code head.json} (type, hyperparameters, classes, metrics, split, the provenance of the
 * features it was trained on, the cache run) and the model's data files. Written to a staging folder and
 * renamed into place. Loading reads data files only (the Smile heads through an allow-list filter).
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
                       @JsonProperty(CacheGc.CACHE_RUN_FIELD) String cacheRun,
                       @JsonProperty("files") List<String> files, @JsonProperty("xfer_version") String xferVersion,
                       @JsonProperty("created") String created) {
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

    public static void write(Path dir, Head head, Info info) throws IOException {
        Path staging = AtomicFiles.stagingDirFor(dir);
        try {
            List<String> files = head.save(staging);
            Info full = new Info(1, info.type(), info.params(), info.classWeight(), info.classes(), info.dim(),
                    info.metrics(), info.split(), info.provenance(), info.cacheRun(), files, XferVersion.get(),
                    Instant.now().toString());
            JSON.writeValue(staging.resolve(CacheGc.HEAD_FILE).toFile(), full);
            AtomicFiles.publish(staging, dir);
        } finally {
            AtomicFiles.deleteTree(staging);
        }
    }

    public static Loaded load(Path dir) {
        Path f = dir.resolve(CacheGc.HEAD_FILE);
        if (!Files.isRegularFile(f)) {
            throw new BadInputException(dir + ": not a head bundle (no head.json); train one with 'xfer head train'");
        }
        try {
            Info info = JSON.readValue(f.toFile(), Info.class);
            Head head = Heads.load(dir, info.type(), info.dim(), info.classes().size());
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
