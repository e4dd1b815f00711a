package dev.xfer.doctor.similarity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Photos far from every other photo: the score is one minus the mean cosine to the {@value #K} nearest
 * neighbours outside the photo's own duplicate group (so a copy does not hide an odd photo). Flagged when its
 * modified z-score (Iglewicz and Hoaglin: 0.6745 (x - median) / MAD) exceeds {@value #Z}; only the far side
 * counts.
 */
public final class Outliers {
    public static final int K = 5;
    static final double Z = 3.5;

    /** A flagged row (index into the scanned rows) and its score. */
    public record Outlier(int index, double score, double z) {
    }

    private Outliers() {
    }

    /** Scores every scanned row; {@code group[i]} is its duplicate group id (rows alone have their own). */
    public static double[] scores(CosineScan.Result scan, int[] group) {
        int n = scan.neighbours().length / scan.k();
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int used = 0;
            for (int j = 0; j < scan.k() && used < K; j++) {
                int o = scan.neighbours()[i * scan.k() + j];
                if (o >= 0 && group[o] != group[i]) {
                    sum += scan.similarity()[i * scan.k() + j];
                    used++;
                }
            }
            s[i] = used == 0 ? 0 : 1 - sum / used;
        }
        return s;
    }

    /** The rows whose score is an outlier among all scores, farthest first. */
    public static List<Outlier> flag(double[] score) {
        if (score.length < 3) {
            return List.of();
        }
        double med = median(score.clone());
        double[] dev = Arrays.stream(score).map(v -> Math.abs(v - med)).toArray();
        double mad = median(dev);
        List<Outlier> out = new ArrayList<>();
        if (mad == 0) {
            return out;
        }
        for (int i = 0; i < score.length; i++) {
            double z = 0.6745 * (score[i] - med) / mad;
            if (z > Z) {
                out.add(new Outlier(i, score[i], z));
            }
        }
        out.sort(Comparator.comparingDouble((Outlier o) -> -o.score()).thenComparingInt(Outlier::index));
        return out;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
