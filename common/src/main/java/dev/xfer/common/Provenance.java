package dev.xfer.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a set of features was made: which conv base, with which weights, cut where, pooled how, at what input
 * size and normalisation, by which xfer. Every artifact on disk carries one ({@code xfer.json} beside a
 * SavedModel, the cache's schema metadata, {@code head.json}); {@link #requireSameFeatures} is the one place
 * that decides whether two artifacts may be combined.
 *
 * @param backbone      the name the user knows the backbone by (a built-in architecture or a SavedModel name)
 * @param arch          the architecture ({@code vgg16}, {@code inception_v3}, {@code squeezenet}, or
 *                      {@code savedmodel} for a third-party model)
 * @param weights       where the weights came from (a file name, {@code imagenet}, {@code random(seed=N)})
 * @param weightsSha256 sha256 of the weights file, or of the seed description for random weights
 * @param layer         the layer whose output is pooled
 * @param pooling       avg, max, flatten or none
 * @param imageSize     square input side in pixels
 * @param preprocessing normalisation applied inside the graph, as a readable formula
 * @param featureShape  shape of one image's features
 * @param xferVersion   the xfer that wrote the artifact
 * @param created       when the artifact was written (ISO-8601), not part of the identity
 * @param precision     the arithmetic the conv base ran in; fp32 is left out of the JSON, so artifacts written
 *                      before bf16 existed read as fp32 and fp32 artifacts keep their bytes and store names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
        @JsonProperty("backbone") String backbone,
        @JsonProperty("arch") String arch,
        @JsonProperty("weights") String weights,
        @JsonProperty("weights_sha256") String weightsSha256,
        @JsonProperty("layer") String layer,
        @JsonProperty("pooling") String pooling,
        @JsonProperty("image_size") int imageSize,
        @JsonProperty("preprocessing") String preprocessing,
        @JsonProperty("feature_shape") long[] featureShape,
        @JsonProperty("xfer_version") String xferVersion,
        @JsonProperty("created") String created,
        @JsonProperty("precision") @JsonInclude(value = JsonInclude.Include.CUSTOM,
                valueFilter = Provenance.Fp32.class) Precision precision) {

    public Provenance {
        precision = precision == null ? Precision.FP32 : precision;
    }

    /** An fp32 provenance (every conv base before bf16, and every SavedModel). */
    public Provenance(String backbone, String arch, String weights, String weightsSha256, String layer, String pooling,
                      int imageSize, String preprocessing, long[] featureShape, String xferVersion, String created) {
        this(backbone, arch, weights, weightsSha256, layer, pooling, imageSize, preprocessing, featureShape,
                xferVersion, created, Precision.FP32);
    }

    /** Jackson's filter that leaves fp32 out of the JSON: {@code equals} answers "exclude". */
    static final class Fp32 {
        @Override
        public boolean equals(Object value) {
            return value == null || value == Precision.FP32;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    public static final String FILE_NAME = "xfer.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Provenance withBackbone(String name) {
        return new Provenance(name, arch, weights, weightsSha256, layer, pooling, imageSize, preprocessing,
                featureShape, xferVersion, created, precision);
    }

    /** Number of floats in one image's features: the product of {@link #featureShape}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public int featureLength() {
        long n = 1;
        for (long d : featureShape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    public Provenance stamped() {
        return new Provenance(backbone, arch, weights, weightsSha256, layer, pooling, imageSize, preprocessing,
                featureShape, XferVersion.get(), Instant.now().toString(), precision);
    }

    /**
     * Refuses to combine artifacts whose features differ in anything that changes their values; the message
     * names both sides of every difference so the user sees which one is stale.
     */
    public void requireSameFeatures(Provenance other, String mine, String theirs) {
        List<String> diffs = new ArrayList<>();
        diff(diffs, "architecture", arch, other.arch);
        diff(diffs, "weights sha256", weightsSha256, other.weightsSha256);
        diff(diffs, "layer", layer, other.layer);
        diff(diffs, "pooling", pooling, other.pooling);
        diff(diffs, "image size", imageSize, other.imageSize);
        diff(diffs, "preprocessing", preprocessing, other.preprocessing);
        diff(diffs, "precision", precision.id(), other.precision.id());
        if (!diffs.isEmpty()) {
            throw new BadInputException(mine + " and " + theirs + " come from different features ("
                    + String.join("; ", diffs) + "): re-extract or retrain so both use the same backbone");
        }
    }

    private static void diff(List<String> out, String what, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(what + " " + a + " vs " + b);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("a record of strings always serialises", e);
        }
    }

    public static Provenance fromJson(String json) throws IOException {
        return JSON.readValue(json, Provenance.class);
    }

    public void writeTo(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Reads {@code dir/xfer.json}; a missing or unreadable file is bad input naming the file. */
    public static Provenance readFrom(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return fromJson(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no provenance file; re-create it with 'xfer backbone import'");
        } catch (IOException e) {
            throw new BadInputException(file + ": unreadable provenance (" + e.getMessage()
                    + "); re-create it with 'xfer backbone import'", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Provenance p && toJson().equals(p.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    @Override
    public String toString() {
        return toJson();
    }
}
