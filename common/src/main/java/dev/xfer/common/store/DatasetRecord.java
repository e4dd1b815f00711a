package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One extraction of a named dataset: {@code datasets/NAME/TIME-WRITER.json}, append-only, one object per
 * extraction, so writers never contend for a file. The newest record of a name says which snapshot
 * {@code --dataset NAME} means; extracting an unchanged folder again makes its old snapshot the latest again.
 */
public record DatasetRecord(@JsonProperty("dataset") String dataset, @JsonProperty("snapshot") String snapshot,
                            @JsonProperty("store") String store, @JsonProperty("root") String root,
                            @JsonProperty("created") String created, @JsonProperty("writer") String writer,
                            @JsonProperty("images") long images, @JsonProperty("extracted") long extracted,
                            @JsonProperty("reused") long reused, @JsonProperty("skipped") long skipped) {
    public static final String DIR = "datasets";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Object name: sorts by time, then writer, so the newest is the last in name order. */
    public String objectName() {
        return DIR + "/" + dataset + "/" + STAMP.format(Instant.parse(created)) + "-" + writer + ".json";
    }
}
