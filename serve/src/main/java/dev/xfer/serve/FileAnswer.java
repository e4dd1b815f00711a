package dev.xfer.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.xfer.predict.Prediction;
import java.util.Objects;

/**
 * One file of a multipart request: its prediction, or why it has none ({@code {"file": ..., "error": ...}}). A bad
 * file costs its own answer, not the request's.
 *
 * @param file       the part's file name ({@code file N} when it has none)
 * @param prediction the file's answer (null when {@code error} says why there is none)
 * @param error      what was wrong with the file (null when it was classified)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"file", "error"})
record FileAnswer(@JsonProperty("file") String file, @JsonUnwrapped Prediction.Json prediction,
                  @JsonProperty("error") String error) {
    FileAnswer {
        Objects.requireNonNull(file, "file");
        if ((prediction == null) == (error == null)) {
            throw new IllegalArgumentException("a file has a prediction or an error, not both or neither");
        }
    }

    static FileAnswer of(String file, Prediction p) {
        return new FileAnswer(file, p.json(0), null);
    }

    static FileAnswer refused(String file, String error) {
        return new FileAnswer(file, null, error.replace('\n', ' '));
    }
}
