package dev.xfer.doctor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.doctor.similarity.Confirmation;
import dev.xfer.doctor.similarity.DuplicateGroup;
import dev.xfer.head.CrossValidation;
import java.util.List;
import java.util.Map;

/**
 * What {@code xfer doctor} found in a snapshot; {@code --json} prints it as it is.
 *
 * @param byteIdenticalPairs pairs of photos with the same sha256, counted whatever group they are in
 * @param confirmation how candidate pairs were confirmed (perceptual hash or features only)
 * @param labelIssuesWarning why the label-issue list is unreliable (low out-of-fold accuracy), or null
 * @param outOfFoldAccuracy of the head's out-of-fold predictions; null (like the confident joint) when the
 *                    snapshot has no labels, and then there are no label issues
 * @param provenance  how the features were made (backbone, weights' sha256, layer, pooling, size)
 * @param leaderboard {@code plain} and {@code grouped} (duplicate groups kept in one fold) when heads were compared
 * @param neighbours  per scanned row, its nearest rows' table indices (for the map; not printed)
 */
public record Diagnosis(@JsonProperty("snapshot") SnapshotRef snapshot, @JsonProperty("classes") List<String> classes,
                        @JsonProperty("rows") int rows, @JsonProperty("threshold") double threshold,
                        @JsonProperty("head") String head, @JsonProperty("folds") int folds,
                        @JsonProperty("duplicates") List<DuplicateGroup> duplicates,
                        @JsonProperty("leaks") List<DuplicateGroup> leaks,
                        @JsonProperty("byte_identical_pairs") int byteIdenticalPairs,
                        @JsonProperty("confirmation") Confirmation confirmation,
                        @JsonProperty("label_issues") List<LabelIssue> labelIssues,
                        @JsonProperty("label_issues_warning") String labelIssuesWarning,
                        @JsonProperty("outliers") List<OutlierEntry> outliers,
                        @JsonProperty("per_class_thresholds") Map<String, Double> perClassThresholds,
                        @JsonProperty("confident_joint") long[][] confidentJoint,
                        @JsonProperty("out_of_fold_accuracy") Double outOfFoldAccuracy,
                        @JsonProperty("leaderboard") Map<String, List<CrossValidation.Entry>> leaderboard,
                        @JsonProperty("seconds") Map<String, Double> seconds,
                        @JsonProperty("provenance") dev.xfer.common.Provenance provenance,
                        @JsonProperty("xfer_version") String xferVersion,
                        @JsonIgnore int[] scanned, @JsonIgnore double[][] probabilities, @JsonIgnore int[] labelled) {

    /**
     * A photo whose given label the out-of-fold probabilities doubt.
     *
     * @param score              1 - the out-of-fold probability of the given label
     * @param neighboursDisagree share of its nearest photos (its duplicates left out) labelled otherwise; null
     *                           where it has none
     * @param rank               what the list is sorted by, largest first: the mean of the two (score alone where
     *                           there are no neighbours)
     */
    public record LabelIssue(@JsonProperty("path") String path, @JsonProperty("given") String given,
                             @JsonProperty("suggested") String suggested, @JsonProperty("score") double score,
                             @JsonProperty("neighbours_disagree") Double neighboursDisagree,
                             @JsonProperty("rank") double rank,
                             @JsonProperty("split") String split, @JsonIgnore int row) {
    }

    /** A photo far from every other photo (see {@link dev.xfer.doctor.similarity.Outliers}). */
    public record OutlierEntry(@JsonProperty("path") String path, @JsonProperty("label") String label,
                               @JsonProperty("split") String split, @JsonProperty("score") double score,
                               @JsonProperty("z") double z, @JsonIgnore int row) {
    }
}
