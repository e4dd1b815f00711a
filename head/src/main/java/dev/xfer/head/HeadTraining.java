package dev.xfer.head;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Metrics;
import dev.xfer.common.training.Split;
import dev.xfer.common.training.Splits;
import dev.xfer.head.spec.HeadSpec;
import java.util.Arrays;
import java.util.stream.IntStream;

/** {@code xfer head train}: split the cache's labelled rows, fit one head, score it on every split. */
public final class HeadTraining {

    /** Where the rows came from, saved with the head so the split can be made again. */
    public record SplitInfo(@JsonProperty("source") String source, @JsonProperty("seed") long seed,
                            @JsonProperty("val") double val, @JsonProperty("test") double test,
                            @JsonProperty("train_rows") int trainRows, @JsonProperty("val_rows") int valRows,
                            @JsonProperty("test_rows") int testRows) {
    }

    /** The fitted head and its scores; val or test is null when that split is empty. */
    public record Result(Heads.Fitted fitted, HeadSpec spec, SplitInfo split, Metrics train, Metrics val,
                         Metrics test) {
        /** What {@code metrics.json} and head.json's {@code metrics} hold: the scores, fit time and any history. */
        public java.util.Map<String, Object> metricsMap() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("train", train);
            if (val != null) {
                m.put("val", val);
            }
            if (test != null) {
                m.put("test", test);
            }
            m.put("fit_seconds", fitted.seconds());
            if (!fitted.history().isEmpty()) {
                m.put("best_epoch", fitted.bestEpoch());
                m.put("history", fitted.history());
                if (fitted.monitoredTraining()) {
                    m.put("monitored_training_rows", true);
                }
            }
            return m;
        }
    }

    private HeadTraining() {
    }

    /**
     * Indices of the rows that have a label, in path order, augmented views left out (they follow their image:
     * {@link #withViews}). The cache's row order depends on which decoding thread finished first; splits and
     * folds are dealt from this order, so it must not.
     */
    public static int[] labelled(FeatureTable t) {
        int[] idx = IntStream.range(0, t.rows()).filter(i -> t.labels()[i] >= 0 && t.views()[i] == 0).boxed()
                .sorted(java.util.Comparator.comparing(i -> t.paths().get(i))).mapToInt(Integer::intValue).toArray();
        long classes = Arrays.stream(idx).map(i -> t.labels()[i]).distinct().count();
        if (classes < 2) {
            throw new BadInputException(t.source().describe() + " has " + idx.length + " labelled rows in " + classes
                    + " class(es): a head needs at least two classes; extract a folder of class sub-folders");
        }
        return idx;
    }

    /** The row indices of each split as {@link #train} deals them (training rows with their views). */
    public record SplitRows(int[] train, int[] val, int[] test, String source) {
    }

    /** Deals {@code t}'s labelled rows: its split column when it has one, else seeded stratified fractions. */
    public static SplitRows split(FeatureTable t, double val, double test, long seed) {
        int[] idx = labelled(t);
        int[] y = Arrays.stream(idx).map(i -> t.labels()[i]).toArray();
        Splits.Dealt dealt = Splits.deal(Arrays.stream(idx).mapToObj(i -> t.splits().get(i)).toList(), y,
                t.classes().size(), val, test, seed, "snapshot split column");
        Split[] s = dealt.split();
        return new SplitRows(withViews(t, pick(idx, s, Split.TRAIN)), pick(idx, s, Split.VAL), pick(idx, s, Split.TEST),
                dealt.source());
    }

    public static Result train(FeatureTable t, HeadSpec spec, ClassWeights weights, double val, double test,
                               Progress progress) {
        SplitRows rows = split(t, val, test, spec.seed());
        Rows train = Rows.of(t, rows.train());
        Rows valRows = Rows.of(t, rows.val());
        Rows testRows = Rows.of(t, rows.test());
        SplitInfo info = new SplitInfo(rows.source(), spec.seed(), val, test, train.count(), valRows.count(),
                testRows.count());
        Heads.Fitted f = Heads.fit(spec, train, valRows, t.classes(), weights, progress);
        return new Result(f, spec, info, score(f.head(), train, t), valRows.count() == 0 ? null
                : score(f.head(), valRows, t), testRows.count() == 0 ? null : score(f.head(), testRows, t));
    }

    static Metrics score(Head h, Rows r, FeatureTable t) {
        return Metrics.of(r.y(), h.predictProba(r.x(), r.count(), r.dim()), t.classes());
    }

    /**
     * {@code rows} and the augmented views of their images, for training: a view goes wherever its image goes, so
     * no view of a validation, test or held-out image is ever trained on.
     */
    public static int[] withViews(FeatureTable t, int[] rows) {
        if (Arrays.stream(t.views()).allMatch(v -> v == 0)) {
            return rows;
        }
        java.util.Set<String> images = new java.util.HashSet<>();
        for (int r : rows) {
            images.add(t.paths().get(r));
        }
        int[] views = IntStream.range(0, t.rows()).filter(i -> t.views()[i] > 0 && images.contains(t.paths().get(i)))
                .toArray();
        return IntStream.concat(Arrays.stream(rows), Arrays.stream(views)).toArray();
    }

    static int[] pick(int[] idx, Split[] split, Split which) {
        return Arrays.stream(Splits.select(split, which)).map(i -> idx[i]).toArray();
    }
}
