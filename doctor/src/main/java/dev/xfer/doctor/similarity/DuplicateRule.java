package dev.xfer.doctor.similarity;

/**
 * When two photos with different bytes are duplicates. With both photos readable: feature cosine at or above
 * {@code threshold} and perceptual-hash similarity at or above {@code hashThreshold}. With a photo unreadable
 * (imported features, a moved dataset): the features alone, at or above {@code featuresOnlyThreshold}.
 * Defaults measured on two planted sets, SqueezeNet features (bench/RESULTS.md, "Duplicates that are duplicates"):
 * planted re-encoded copies have cosine 0.930 and up and hash similarity 0.750 and up; every pair of different
 * photos at cosine 0.85 or more has hash similarity 0.688 or less, while two shots of one scene reach cosine 0.936.
 */
public record DuplicateRule(double threshold, double featuresOnlyThreshold, double hashThreshold) {
    public static final double DEFAULT_THRESHOLD = 0.91;
    /** Pair precision 1.000 / 0.978 and recall 1.000 on the two sets; 0.91 alone gave precision 0.763 on scenes. */
    public static final double DEFAULT_FEATURES_ONLY_THRESHOLD = 0.93;
    /** 1 - 18/64, between 16 differing bits (the most a planted copy had) and 20 (the fewest of any other pair). */
    public static final double DEFAULT_HASH_THRESHOLD = 0.72;
    public static final DuplicateRule DEFAULT = new DuplicateRule(DEFAULT_THRESHOLD, DEFAULT_FEATURES_ONLY_THRESHOLD,
            DEFAULT_HASH_THRESHOLD);

    public DuplicateRule {
        for (double v : new double[] {threshold, featuresOnlyThreshold, hashThreshold}) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("a similarity threshold in (0, 1]: " + v);
            }
        }
    }

    /** One cosine for both cases (what {@code --threshold} sets), the default hash threshold. */
    public static DuplicateRule atCosine(double cosine) {
        return new DuplicateRule(cosine, cosine, DEFAULT_HASH_THRESHOLD);
    }

    /** The lowest cosine any pair needs: what the scan keeps. */
    public double scanThreshold() {
        return Math.min(threshold, featuresOnlyThreshold);
    }

    /** Whether a pair of different files is a duplicate; {@code hash} null when a photo could not be read. */
    public boolean accepts(double cosine, Double hash) {
        return hash == null ? cosine >= featuresOnlyThreshold : cosine >= threshold && hash >= hashThreshold;
    }
}
