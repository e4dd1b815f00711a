package dev.xfer.extract.dataset;

/** A file that was not extracted, and why: listed in the cache's {@code quarantine.json}. */
public record Rejected(String path, String reason) {
}
