package dev.xfer.common.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.Digests;
import dev.xfer.common.Provenance;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A dataset snapshot: which images (and views) with which labels and splits, read against one feature store.
 * Immutable and content-addressed: its id is derived from the store id and the listing's sha256, so extracting an
 * unchanged folder again gives the same snapshot. {@code snapshots/ID.json} is written last, after the listing
 * ({@code snapshots/ID.listing.arrow}) and every shard its rows need: a reader that sees it sees all of it.
 * The dataset name, root, time and quarantine are those of the extraction that first made it.
 *
 * @param images        rows of images (view 0)
 * @param rows          rows of the listing (images and augmented views)
 * @param augmentation  how the views were made, or null
 * @param migratedFrom  the xfer 0.1 cache run it was converted from, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(@JsonProperty("format") int format, @JsonProperty("id") String id,
                       @JsonProperty("store") String store, @JsonProperty("listing_sha256") String listingSha256,
                       @JsonProperty("dataset") String dataset, @JsonProperty("root") String root,
                       @JsonProperty("classes") List<String> classes, @JsonProperty("images") long images,
                       @JsonProperty("rows") long rows, @JsonProperty("augmentation") String augmentation,
                       @JsonProperty("quarantine") List<Rejected> quarantine, @JsonProperty("created") String created,
                       @JsonProperty("provenance") Provenance provenance,
                       @JsonProperty("xfer_version") String xferVersion,
                       @JsonProperty("migrated_from") String migratedFrom) {
    public static final String DIR = "snapshots";
    /** Characters of an id shown to people; any unique prefix names a snapshot. */
    public static final int SHORT = 12;

    public static String idOf(String storeId, String listingSha256) {
        return Digests.sha256(("xfer snapshot 1\nstore " + storeId + "\nlisting " + listingSha256)
                .getBytes(StandardCharsets.UTF_8));
    }

    public static String jsonName(String id) {
        return DIR + "/" + id + ".json";
    }

    public static String listingName(String id) {
        return DIR + "/" + id + ".listing.arrow";
    }

    @JsonIgnore
    public String shortId() {
        return id.substring(0, SHORT);
    }

    /** What a head or model records of the snapshot it was trained on. */
    public SnapshotRef ref() {
        return new SnapshotRef(id, store, listingSha256, dataset);
    }
}
