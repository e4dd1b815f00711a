package dev.xfer.doctor;

import dev.xfer.common.BadInputException;
import dev.xfer.doctor.similarity.DuplicateRule;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.LinearSvmSpec;
import dev.xfer.head.spec.LogregSpec;
import dev.xfer.head.spec.RbfSvmSpec;
import java.util.List;

/**
 * What {@code xfer doctor} looks for and how.
 *
 * @param duplicates when two photos are duplicates (feature cosine, perceptual hash)
 * @param photos     the dataset folder the photos are read from for the hash; null: the features alone decide
 * @param head       the head cross-validated for out-of-fold probabilities
 * @param folds      folds of that cross-validation
 * @param seed       seed of the folds and the head
 * @param threads    workers for the similarity scan and the folds
 * @param compare    heads for the leaderboard printed with and without duplicate-grouped folds (empty: none)
 */
public record DoctorOptions(DuplicateRule duplicates, java.nio.file.Path photos, HeadSpec head,
                            int folds, long seed, int threads, List<HeadSpec> compare) {
    /** See {@link DuplicateRule#DEFAULT_THRESHOLD}. */
    public static final double DEFAULT_THRESHOLD = DuplicateRule.DEFAULT_THRESHOLD;
    /**
     * logreg's C for the out-of-fold probabilities: on the planted pets set C = 0.01 gives out-of-fold accuracy
     * 0.906 against 0.834 at C = 1 and halves the false alarms (bench/RESULTS.md); an over-fitted head is
     * confidently wrong on clean photos, and confident learning then flags them.
     */
    public static final double DEFAULT_C = 0.01;
    /** Neighbours kept per photo: enough for the outlier score after skipping a photo's own copies. */
    public static final int NEIGHBOURS = 10;

    /**
     * Out-of-fold accuracy below which the label-error list is called unreliable: on the planted pets set an
     * over-fitted head at 0.834 flagged 277-290 photos at precision 0.30, the default at 0.906 flagged 108 at 0.79
     * (bench/RESULTS.md).
     */
    public static final double RELIABLE_ACCURACY = 0.85;

    public DoctorOptions {
        java.util.Objects.requireNonNull(duplicates, "duplicates");

        if (folds < 2) {
            throw new BadInputException("--cv " + folds + ": use at least 2 folds");
        }
        compare = List.copyOf(compare);
    }

    /** Features only, the default hash threshold: what the scale benchmark runs. */
    public DoctorOptions(double threshold, HeadSpec head, int folds, long seed, int threads, List<HeadSpec> compare) {
        this(DuplicateRule.atCosine(requireThreshold(threshold, "--threshold")), null, head, folds, seed, threads,
                compare);
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

    /** A similarity threshold must be in (0, 1]; {@code option} names the flag in the message. */
    public static double requireThreshold(double threshold, String option) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new BadInputException(option + " " + threshold + ": a similarity in (0, 1]");
        }
        return threshold;
    }
}
