package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A file that was not extracted, and why: a snapshot's quarantine lists them. */
public record Rejected(@JsonProperty("path") String path, @JsonProperty("reason") String reason)
        implements java.io.Serializable {
}
