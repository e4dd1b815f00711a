package dev.xfer.doctor.similarity;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * Photos that are the same picture, every one a duplicate of every other (see {@link Duplicates}).
 *
 * @param paths             as the snapshot lists them, relative to the dataset root, sorted
 * @param splits            the split of each path (train, val, test, or none), in the same order
 * @param labels            the class folder of each path (null where unlabelled), in the same order
 * @param similarity        the lowest feature cosine between any two members (1 for byte-identical files)
 * @param exact             whether every member has the same bytes
 * @param hashSimilarity    the lowest perceptual-hash similarity between any two members (1 - differing bits / 64;
 *                          1 for byte-identical files), null where a member's photo could not be read
 * @param identicalPairs    pairs of members with the same sha256
 * @param confirmedBy       what besides the features vouches for every pair
 * @param rows              the members' row indices in the table (not printed)
 */
public record DuplicateGroup(@JsonProperty("paths") List<String> paths, @JsonProperty("splits") List<String> splits,
                             @JsonProperty("labels") List<String> labels,
                             @JsonProperty("similarity") double similarity, @JsonProperty("exact") boolean exact,
                             @JsonProperty("hash_similarity") Double hashSimilarity,
                             @JsonProperty("byte_identical_pairs") int identicalPairs,
                             @JsonProperty("confirmed_by") Basis confirmedBy,
                             @JsonIgnore int[] rows) {

    /** The evidence behind a group's weakest pair. */
    public enum Basis {
        /** every pair has the same bytes */
        SHA256("sha256"),
        /** every pair not byte-identical has features and perceptual hashes above their thresholds */
        PERCEPTUAL_HASH("perceptual hash"),
        /** some pair rests on the features alone (a photo could not be read) */
        FEATURES("features only");

        private final String label;

        Basis(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }
    }

    /** Whether the group spans splits: a photo seen in training and again in validation or test. */
    @JsonIgnore
    public boolean leak() {
        return splits.stream().distinct().count() > 1;
    }
}
