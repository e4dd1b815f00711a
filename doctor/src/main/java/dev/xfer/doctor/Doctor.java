package dev.xfer.doctor;

import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Split;
import dev.xfer.doctor.labels.ConfidentLearning;
import dev.xfer.doctor.labels.NeighbourVotes;
import dev.xfer.doctor.labels.OutOfFold;
import dev.xfer.doctor.similarity.Confirmation;
import dev.xfer.doctor.similarity.CosineScan;
import dev.xfer.doctor.similarity.DuplicateGroup;
import dev.xfer.doctor.similarity.Duplicates;
import dev.xfer.doctor.similarity.Outliers;
import dev.xfer.head.CrossValidation;
import dev.xfer.head.HeadTraining;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code xfer doctor}: duplicates and leaks from an exact cosine scan of the cached features, likely label errors
 * from confident learning on out-of-fold probabilities (folds that keep duplicate groups together), outliers from
 * the same scan's neighbours. The conv base never runs.
 */
public final class Doctor {
    private Doctor() {
    }

    public static Diagnosis examine(FeatureTable t, DoctorOptions o, Progress progress) throws Exception {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        // augmented views are the same photos again: only the images themselves are examined
        java.nio.file.Path photos = o.photos() != null && java.nio.file.Files.isDirectory(o.photos()) ? o.photos()
                : null;
        Duplicates.Found found = Duplicates.find(t, o.duplicates(), photos, DoctorOptions.NEIGHBOURS, o.threads(),
                progress);
        Confirmation confirmation = photos != null || o.photos() == null ? found.confirmation()
                : found.confirmation().withNote("no folder of photos at " + o.photos() + " (moved, deleted, or "
                + "imported features): the features alone decide, at cosine >= "
                + o.duplicates().featuresOnlyThreshold());
        List<DuplicateGroup> groups = found.groups();
        int[] scanned = found.rows();
        CosineScan.Result scan = found.scan();
        List<DuplicateGroup> leaks = groups.stream().filter(DuplicateGroup::leak).toList();
        int[] groupOfRow = Duplicates.groupIds(t.rows(), groups);
        seconds.put("duplicates", since(t0));

        long t1 = System.nanoTime();
        int[] groupOfScanned = IntStream.of(scanned).map(r -> groupOfRow[r]).toArray();
        List<Diagnosis.OutlierEntry> outliers = new ArrayList<>();
        for (Outliers.Outlier x : Outliers.flag(Outliers.scores(scan, groupOfScanned))) {
            int r = scanned[x.index()];
            outliers.add(new Diagnosis.OutlierEntry(t.paths().get(r), label(t, r), Split.labelOf(t.splits().get(r)),
                    round(x.score()), round(x.z()), r));
        }
        seconds.put("outliers", since(t1));

        long t2 = System.nanoTime();
        boolean labels = IntStream.range(0, t.rows()).filter(i -> t.views()[i] == 0 && t.labels()[i] >= 0)
                .map(i -> t.labels()[i]).distinct().count() >= 2;
        List<Diagnosis.LabelIssue> issues = new ArrayList<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        long[][] joint = null;
        Double oofAccuracy = null;
        double[][] p = null;
        int[] labelled = new int[0];
        // an unlabelled snapshot (a flat folder of photos) still has duplicates, leaks and outliers
        if (labels) {
            labelled = HeadTraining.labelled(t);
            p = OutOfFold.probabilities(t, labelled, groupOfRow, o.head(), o.folds(), o.seed(), o.threads(), progress);
            int[] y = IntStream.of(labelled).map(r -> t.labels()[r]).toArray();
            ConfidentLearning.Result cl = ConfidentLearning.find(p, y, t.classes().size());
            int[] scanIndex = new int[t.rows()];
            java.util.Arrays.fill(scanIndex, -1);
            for (int i = 0; i < scanned.length; i++) {
                scanIndex[scanned[i]] = i;
            }
            double[] against = NeighbourVotes.disagreement(scan, groupOfScanned,
                    IntStream.of(scanned).map(r -> t.labels()[r]).toArray());
            for (ConfidentLearning.Issue s : cl.issues()) {
                int r = labelled[s.index()];
                double v = scanIndex[r] < 0 ? Double.NaN : against[scanIndex[r]];
                Double votes = Double.isNaN(v) ? null : round(v);
                double rank = votes == null ? s.score() : (s.score() + v) / 2;
                issues.add(new Diagnosis.LabelIssue(t.paths().get(r), t.classes().get(s.given()),
                        t.classes().get(s.suggested()), round(s.score()), votes, round(rank),
                        Split.labelOf(t.splits().get(r)), r));
            }
            // both the head and the nearest photos doubting the label first: the top of the list is what to check
            issues.sort(java.util.Comparator.comparingDouble((Diagnosis.LabelIssue i) -> -i.rank())
                    .thenComparingDouble(i -> -i.score()).thenComparing(Diagnosis.LabelIssue::path));
            for (int j = 0; j < t.classes().size(); j++) {
                thresholds.put(t.classes().get(j), round(cl.thresholds()[j]));
            }
            joint = cl.confidentJoint();
            oofAccuracy = round(accuracy(p, y));
            seconds.put("label_issues", since(t2));
        }

        Map<String, List<CrossValidation.Entry>> board = null;
        if (labels && !o.compare().isEmpty()) {
            long t3 = System.nanoTime();
            board = new LinkedHashMap<>();
            board.put("plain", CrossValidation.compare(t, o.compare(), o.folds(), o.seed(), ClassWeights.NONE,
                    o.threads(), progress).board());
            board.put("grouped", CrossValidation.compare(t, o.compare(), o.folds(), o.seed(), ClassWeights.NONE,
                    o.threads(), progress, groupOfRow).board());
            seconds.put("leaderboard", since(t3));
        }
        int identical = groups.stream().mapToInt(DuplicateGroup::identicalPairs).sum();
        String warning = oofAccuracy == null || oofAccuracy >= DoctorOptions.RELIABLE_ACCURACY ? null
                : String.format(java.util.Locale.ROOT, "unreliable: out-of-fold accuracy %.3f is below %.2f, so the "
                + "head is wrong on many correctly labelled photos and much of this list may be hard photos with the "
                + "right label; check it from the top (photos the head and their nearest photos both doubt), and expect "
                + "a trustworthy list only from features that separate the classes better (another backbone or "
                + "layer, larger images)", oofAccuracy, DoctorOptions.RELIABLE_ACCURACY);
        return new Diagnosis(t.source(), t.classes(), scanned.length, confirmation.threshold(), o.head().type().id(),
                o.folds(), groups, leaks, identical, confirmation, issues, warning, outliers, thresholds, joint,
                oofAccuracy, board, seconds,
                t.provenance(), dev.xfer.common.XferVersion.get(), scanned, p, labelled);
    }

    private static double accuracy(double[][] p, int[] y) {
        int right = 0;
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int j = 1; j < p[i].length; j++) {
                if (p[i][j] > p[i][best]) {
                    best = j;
                }
            }
            right += best == y[i] ? 1 : 0;
        }
        return (double) right / Math.max(1, y.length);
    }

    private static String label(FeatureTable t, int r) {
        return t.labels()[r] < 0 ? null : t.classes().get(t.labels()[r]);
    }

    private static double since(long t0) {
        return round((System.nanoTime() - t0) / 1e9);
    }

    static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
