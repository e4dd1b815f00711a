package dev.xfer.common.store.legacy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import dev.xfer.common.storage.Storage;
import dev.xfer.common.store.Rejected;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * An xfer 0.1 cache run: {@code manifest.json} (format 1: provenance, dataset folder, classes, shards with row
 * counts and sha256) and the shards it names, plus {@code quarantine.json} and {@code augmentation.json} when the
 * extraction had them.
 */
public record LegacyRun(String id, Storage dir, Manifest manifest) {
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** {@code manifest.json} of format 1. */
    public record Manifest(@JsonProperty("format") int format, @JsonProperty("provenance") Provenance provenance,
                           @JsonProperty("dataset") String dataset, @JsonProperty("classes") List<String> classes,
                           @JsonProperty("shards") List<Shard> shards, @JsonProperty("updated") String updated) {
        public int rows() {
            return shards.stream().mapToInt(Shard::rows).sum();
        }
    }

    /** A shard the manifest names. */
    public record Shard(@JsonProperty("file") String file, @JsonProperty("rows") int rows,
                        @JsonProperty("sha256") String sha256) {
    }

    public static boolean exists(Storage cacheRoot, String id) throws IOException {
        return cacheRoot.exists(id + "/" + MANIFEST);
    }

    public static LegacyRun open(Storage cacheRoot, String id) throws IOException {
        Storage dir = cacheRoot.child(id);
        try {
            return new LegacyRun(id, dir, JSON.readValue(dir.read(MANIFEST), Manifest.class));
        } catch (IOException e) {
            throw new BadInputException(dir.describe() + "/" + MANIFEST + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Every row, in manifest order. With {@code verify}, each shard's bytes are checked against the manifest's
     * sha256 first, so a damaged shard is refused rather than read.
     */
    public List<LegacyShard.Row> rows(BufferAllocator allocator, boolean verify) throws IOException {
        List<LegacyShard.Row> rows = new ArrayList<>();
        for (Shard s : manifest.shards()) {
            if (verify && !Digests.sha256(dir.read(s.file())).equals(s.sha256())) {
                throw new BadInputException(dir.describe() + "/" + s.file() + ": damaged shard (sha256 differs from "
                        + "the manifest); extract " + manifest.dataset() + " again into a feature store");
            }
            rows.addAll(LegacyShard.read(dir, s.file(), allocator));
        }
        if (rows.size() != manifest.rows()) {
            throw new BadInputException(dir.describe() + ": manifest names " + manifest.rows() + " rows, shards hold "
                    + rows.size());
        }
        return rows;
    }

    /** What the run's extraction refused ({@code quarantine.json}), if anything. */
    public List<Rejected> quarantine() throws IOException {
        if (!dir.exists("quarantine.json")) {
            return List.of();
        }
        return List.of(JSON.readValue(dir.read("quarantine.json"), Rejected[].class));
    }

    /** {@code augmentation.json} as text, or null when the run has no augmented views. */
    public String augmentation() throws IOException {
        return dir.exists("augmentation.json") ? JSON.readTree(dir.read("augmentation.json")).toString() : null;
    }
}
