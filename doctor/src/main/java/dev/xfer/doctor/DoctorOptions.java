package dev.xfer.doctor;

import dev.xfer.common.BadInputException;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.LinearSvmSpec;
import dev.xfer.head.spec.LogregSpec;
import dev.xfer.head.spec.RbfSvmSpec;
import java.util.List;

/**
 * What {@code xfer doctor} looks for and how.
 *
 * @param threshold  cosine of the features at or above which two photos are near duplicates
 * @param head       the head cross-validated for out-of-fold probabilities
 * @param folds      folds of that cross-validation
 * @param seed       seed of the folds and the head
 * @param threads    workers for the similarity scan and the folds
 * @param compare    heads for the leaderboard printed with and without duplicate-grouped folds (empty: none)
 */
public record DoctorOptions(double threshold, HeadSpec head, int folds, long seed, int threads,
                            List<HeadSpec> compare) {
    /**
     * Measured on the planted pets set (bench/RESULTS.md): re-encoded copies (resized to 90%, cropped a few
     * percent, JPEG 70-85) have SqueezeNet feature cosines of 0.930 and up; the nearest distinct photo of any
     * other photo is at most 0.887 (99th percentile 0.862). The default sits in that gap.
     */
    public static final double DEFAULT_THRESHOLD = 0.91;
    /**
     * logreg's C for the out-of-fold probabilities: on the planted pets set C = 0.01 gives out-of-fold accuracy
     * 0.906 against 0.834 at C = 1 and halves the false alarms (bench/RESULTS.md); an over-fitted head is
     * confidently wrong on clean photos, and confident learning then flags them.
     */
    public static final double DEFAULT_C = 0.01;
    /** Neighbours kept per photo: enough for the outlier score after skipping a photo's own copies. */
    public static final int NEIGHBOURS = 10;

    public DoctorOptions {
        requireThreshold(threshold, "--threshold");

        if (folds < 2) {
            throw new BadInputException("--cv " + folds + ": use at least 2 folds");
        }
        compare = List.copyOf(compare);
    }

    /**
     * The head of {@code type} with its defaults but {@code c} and {@code seed}: the one place doctor builds a
     * HeadSpec.
     */
    public static HeadSpec headSpec(String type, double c, long seed) {
        return switch (HeadSpec.defaults(HeadType.of(type), seed)) {
            case LogregSpec s -> new LogregSpec(seed, c);
            case LinearSvmSpec s -> new LinearSvmSpec(seed, c);
            case RbfSvmSpec s -> new RbfSvmSpec(seed, c);
            case HeadSpec s -> s;
        };
    }

    /** A near-duplicate threshold must be a cosine in (0, 1]; {@code option} names the flag in the message. */
    public static double requireThreshold(double threshold, String option) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new BadInputException(option + " " + threshold + ": a cosine in (0, 1]");
        }
        return threshold;
    }
}
