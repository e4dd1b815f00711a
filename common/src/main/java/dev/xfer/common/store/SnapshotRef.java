package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which features something was trained on, as {@code head.json} records it: the snapshot, its store, the sha256
 * of its listing (so a head can be checked against exactly those rows later) and the dataset's name. For an
 * xfer 0.1 cache opened read-only, {@code id} is null and {@code store} is the old run id.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotRef(@JsonProperty("id") String id, @JsonProperty("store") String store,
                          @JsonProperty("listing_sha256") String listingSha256,
                          @JsonProperty("dataset") String dataset) {

    /** The id as people see it, or the legacy run's name. */
    @JsonIgnore
    public String shortId() {
        return id == null ? store : id.substring(0, Snapshot.SHORT);
    }

    /** For reports and messages: {@code snapshot 1a2b3c4d5e6f of pets}. */
    public String describe() {
        return id == null ? "xfer 0.1 cache " + store : "snapshot " + shortId() + " of " + dataset;
    }

    @JsonIgnore
    public boolean legacy() {
        return id == null;
    }
}
