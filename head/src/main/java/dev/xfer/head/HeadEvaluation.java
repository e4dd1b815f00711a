package dev.xfer.head;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.Metrics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code xfer head evaluate}: a saved head scored again, on exactly the snapshot it was trained on (the same split,
 * dealt from the seed and fractions in its head.json, so the scores must equal the recorded ones) or on another
 * snapshot of the same features and classes. There a photo the head's snapshot also had (the same bytes) is scored
 * in the split it had there ({@code train}, {@code val}, {@code test}), so photos the head trained on never pass for
 * unseen ones; the others are {@code new}. Without the head's snapshot at hand, every labelled image is {@code all}.
 */
public final class HeadEvaluation {
    /**
     * Scores per split ({@code train}, {@code val}, {@code test}, and {@code new} on another snapshot; or
     * {@code all} on another snapshot when the head's own is not at hand).
     *
     * @param own     whether {@code table} is the snapshot the head was trained on
     * @param byBytes whether another snapshot's photos were scored in the split they had in the head's snapshot
     */
    public record Result(SnapshotRef snapshot, boolean own, boolean byBytes, Map<String, Metrics> scores) {
    }

    private HeadEvaluation() {
    }

    /** As below, without the head's own snapshot: another snapshot is scored whole ({@code all}). */
    public static Result evaluate(HeadBundle.Loaded bundle, FeatureTable t) {
        return evaluate(bundle, t, null);
    }

    /**
     * Scores {@code bundle} on {@code t}; {@code trained} is the split of the head's own snapshot (see
     * {@link TrainedSplit#lookUp}), used when {@code t} is another snapshot, or null.
     */
    public static Result evaluate(HeadBundle.Loaded bundle, FeatureTable t, TrainedSplit headSplit) {
        bundle.requireFeatures(t.provenance(), t.source().describe());
        HeadBundle.Info info = bundle.info();
        if (!info.classes().equals(t.classes())) {
            throw new BadInputException("head " + bundle.dir() + " knows classes " + info.classes() + ", "
                    + t.source().describe() + " has " + t.classes() + "; evaluate it on a snapshot of the same classes");
        }
        SnapshotRef trained = info.snapshot();
        boolean own = trained != null && trained.id() != null && trained.id().equals(t.source().id());
        if (own && !trained.listingSha256().equals(t.source().listingSha256())) {
            throw new BadInputException(t.source().describe() + ": its listing no longer has the sha256 head "
                    + bundle.dir() + " recorded; the snapshot is damaged");
        }
        Map<String, Metrics> scores = new LinkedHashMap<>();
        if (own && info.split() != null) {
            HeadTraining.SplitInfo s = info.split();
            HeadTraining.SplitRows rows = HeadTraining.split(t, s.val(), s.test(), s.seed());
            put(scores, "train", bundle.head(), rows.train(), t);
            put(scores, "val", bundle.head(), rows.val(), t);
            put(scores, "test", bundle.head(), rows.test(), t);
        } else if (headSplit != null) {
            int[] rows = HeadTraining.labelled(t);
            for (String name : new String[] {"train", "val", "test", "new"}) {
                int[] part = Arrays.stream(rows).filter(r -> name.equals(splitName(headSplit, t.sha256().get(r))))
                        .toArray();
                put(scores, name, bundle.head(), part, t);
            }
        } else {
            put(scores, "all", bundle.head(), HeadTraining.labelled(t), t);
        }
        return new Result(t.source(), own, !own && headSplit != null, scores);
    }

    private static String splitName(TrainedSplit trained, String sha256) {
        var s = trained.splitOf(sha256);
        return s == null ? "new" : s.label();
    }

    private static void put(Map<String, Metrics> scores, String name, Head head, int[] rows, FeatureTable t) {
        if (rows.length > 0) {
            scores.put(name, HeadTraining.score(head, Rows.of(t, rows), t));
        }
    }

    /** Whether {@code scores} equal the metrics recorded at training, to rounding in the last digits. */
    public static boolean sameAsRecorded(Result r, HeadBundle.Info info) {
        for (Map.Entry<String, Metrics> e : r.scores().entrySet()) {
            Object recorded = info.metrics().get(e.getKey());
            if (!(recorded instanceof Map<?, ?> m) || !(m.get("accuracy") instanceof Number acc)
                    || Math.abs(acc.doubleValue() - e.getValue().accuracy()) > 1e-9
                    || !(m.get("log_loss") instanceof Number ll)
                    || Math.abs(ll.doubleValue() - e.getValue().logLoss()) > 1e-6 * Math.max(1, Math.abs(ll.doubleValue()))) {
                return false;
            }
        }
        return !r.scores().isEmpty() && Arrays.asList("train", "val", "test").containsAll(r.scores().keySet());
    }
}
