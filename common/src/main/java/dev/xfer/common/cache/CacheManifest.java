package dev.xfer.common.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code manifest.json}: the provenance of a cache, its classes (sorted, as Keras orders them), the dataset it
 * was extracted from, and the shards in use with their row counts and sha256 (so damage is detectable).
 * Replaced atomically after the shards it names are on disk, so it never names a shard that is not there.
 */
public record CacheManifest(
        @JsonProperty("format") int format,
        @JsonProperty("provenance") Provenance provenance,
        @JsonProperty("dataset") String dataset,
        @JsonProperty("classes") List<String> classes,
        @JsonProperty("shards") List<Shard> shards,
        @JsonProperty("updated") String updated) {

    public static final String FILE_NAME = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A shard file in use: its name inside the run folder, rows, and sha256 of its bytes. */
    public record Shard(@JsonProperty("file") String file, @JsonProperty("rows") int rows,
                        @JsonProperty("sha256") String sha256) {
    }

    public int rows() {
        return shards.stream().mapToInt(Shard::rows).sum();
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(this));
    }

    public static CacheManifest read(Path dir) throws IOException {
        return JSON.readValue(Files.readAllBytes(dir.resolve(FILE_NAME)), CacheManifest.class);
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE_NAME));
    }
}
