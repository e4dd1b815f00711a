package dev.xfer.predict;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Objects;

/**
 * What {@code xfer predict} did: each image's prediction in order, and the time taken to decode and classify them
 * after the model was loaded. Its JSON is {@code xfer predict --json}'s.
 *
 * @param ref     what classified them
 * @param results each image's answer, in the order given
 * @param top     how many classes each answer lists (0: all)
 * @param seconds decoding and classifying, after the model is loaded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"head", "model", "results", "seconds", "images_per_second"})
public record PredictionRun(@JsonIgnore ModelRef ref, @JsonIgnore List<Image> images, @JsonIgnore int top,
                            @JsonProperty("seconds") double seconds) {

    /** One image and its prediction; {@code path} as the user named it, or relative to the folder given. */
    public record Image(String path, Prediction prediction) {
        public Image {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(prediction, "prediction");
        }
    }

    /** One image's answer as JSON: its path, then the prediction's fields ({@link Prediction.Json}). */
    @JsonPropertyOrder({"path"})
    public record Row(@JsonProperty("path") String path, @JsonUnwrapped Prediction.Json prediction) {
    }

    public PredictionRun {
        Objects.requireNonNull(ref, "ref");
        images = List.copyOf(images);
        if (top < 0) {
            throw new IllegalArgumentException("top " + top + ": use 0 (all classes) or more");
        }
    }

    @JsonProperty("head")
    public String head() {
        return ref.kind() == ModelRef.Kind.HEAD ? ref.dir().toString() : null;
    }

    @JsonProperty("model")
    public String model() {
        return ref.kind() == ModelRef.Kind.MODEL ? ref.dir().toString() : null;
    }

    @JsonProperty("results")
    public List<Row> results() {
        return images.stream().map(i -> new Row(i.path(), i.prediction().json(top))).toList();
    }

    @JsonProperty("images_per_second")
    public double imagesPerSecond() {
        return seconds > 0 ? images.size() / seconds : 0;
    }
}
