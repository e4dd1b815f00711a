package dev.xfer.doctor.similarity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Photos that are the same picture: byte-identical files (same sha256) or features at or above the cosine
 * threshold, joined transitively.
 *
 * @param paths      as the snapshot lists them, relative to the dataset root, sorted
 * @param splits     the split of each path (train, val, test, or none), in the same order
 * @param labels     the class folder of each path (null where unlabelled), in the same order
 * @param similarity the lowest cosine between any two members (1 for byte-identical files)
 * @param exact      whether every member has the same bytes
 * @param rows       the members' row indices in the table (not printed)
 */
public record DuplicateGroup(@JsonProperty("paths") List<String> paths, @JsonProperty("splits") List<String> splits,
                             @JsonProperty("labels") List<String> labels,
                             @JsonProperty("similarity") double similarity, @JsonProperty("exact") boolean exact,
                             @JsonIgnore int[] rows) {

    /** Whether the group spans splits: a photo seen in training and again in validation or test. */
    @JsonIgnore
    public boolean leak() {
        return splits.stream().distinct().count() > 1;
    }
}
