package dev.xfer.serve;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to a multipart {@code POST /v1/predict}: one entry per file part, in the request's order. */
record MultipartAnswer(@JsonProperty("results") List<FileAnswer> results) {
    MultipartAnswer {
        results = List.copyOf(results);
    }
}
