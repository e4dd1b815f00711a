package dev.xfer.extract.keras;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a SavedModel imported from a Keras model file came from, written as {@code keras.json} beside its
 * {@code xfer.json}: what xfer's provenance has no field for (the Keras that saved the file, the model's name).
 * Its reader checks {@code format}.
 */
public record KerasImport(@JsonProperty("format") int format, @JsonProperty("file") String file,
                          @JsonProperty("sha256") String sha256, @JsonProperty("keras_version") String kerasVersion,
                          @JsonProperty("model") String model, @JsonProperty("layer") String layer,
                          @JsonProperty("pooling") String pooling,
                          @JsonProperty("preprocessing") String preprocessing) {
    public static final String FILE_NAME = "keras.json";
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public KerasImport {
        if (format != FORMAT) {
            throw new IllegalArgumentException(FILE_NAME + " of format " + format + "; this xfer reads format "
                    + FORMAT);
        }
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
