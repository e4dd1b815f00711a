package dev.xfer.doctor.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Confident learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty in Dataset
 * Labels", JAIR 70, 2021), from out-of-fold probabilities {@code p} and given labels {@code y}:
 * <ol>
 * <li>per-class thresholds t_j: the mean probability of class j over the examples labelled j (eq. 2);</li>
 * <li>the confident joint C[i][j]: an example labelled i counts towards j when p_j >= t_j, taking the largest
 * such p_j when several classes pass (eq. 1); an example that passes no threshold is not counted;</li>
 * <li>calibrated to the class counts and normalised, the estimated joint Q[i][j] of given and true label
 * (eq. 3);</li>
 * <li>"prune by noise rate" (section 3.2, method Cl:PBNR): for every i != j, the n * Q[i][j] examples labelled i
 * with the largest margin p_j - p_i are label issues.</li>
 * </ol>
 * Issues are ranked by self-confidence, p of the given label, lowest first (the paper's and cleanlab's default
 * ranking); {@code score} is 1 minus it, so larger is more suspicious.
 */
public final class ConfidentLearning {

    /** A probability equal to a threshold passes it despite rounding in the mean (as cleanlab does). */
    static final double TOLERANCE = 1e-6;

    /** One example flagged: its index, given and suggested class, and how suspicious (1 - p(given)). */
    public record Issue(int index, int given, int suggested, double score) {
    }

    /** Thresholds t_j, the confident joint C, the estimated joint Q and the issues, most suspicious first. */
    public record Result(double[] thresholds, long[][] confidentJoint, double[][] joint, List<Issue> issues) {
    }

    private ConfidentLearning() {
    }

    public static Result find(double[][] p, int[] y, int classes) {
        int n = y.length;
        double[] t = new double[classes];
        long[] count = new long[classes];
        for (int i = 0; i < n; i++) {
            t[y[i]] += p[i][y[i]];
            count[y[i]]++;
        }
        for (int j = 0; j < classes; j++) {
            t[j] = count[j] == 0 ? 1 : t[j] / count[j];
        }
        long[][] c = new long[classes][classes];
        for (int i = 0; i < n; i++) {
            int best = -1;
            for (int j = 0; j < classes; j++) {
                if (p[i][j] >= t[j] - TOLERANCE && (best < 0 || p[i][j] > p[i][best])) {
                    best = j;
                }
            }
            if (best >= 0) {
                c[y[i]][best]++;
            }
        }
        double[][] q = calibrated(c, count, n);
        List<Issue> issues = new ArrayList<>();
        boolean[] flagged = new boolean[n];
        for (int i = 0; i < classes; i++) {
            for (int j = 0; j < classes; j++) {
                if (i == j) {
                    continue;
                }
                int take = (int) Math.round(n * q[i][j]);
                if (take == 0) {
                    continue;
                }
                List<Integer> labelledI = new ArrayList<>();
                for (int r = 0; r < n; r++) {
                    if (y[r] == i) {
                        labelledI.add(r);
                    }
                }
                int cls = i;
                int other = j;
                labelledI.sort(Comparator.comparingDouble((Integer r) -> -(p[r][other] - p[r][cls]))
                        .thenComparingInt(r -> r));
                for (int r : labelledI.subList(0, Math.min(take, labelledI.size()))) {
                    flagged[r] = true;
                }
            }
        }
        for (int r = 0; r < n; r++) {
            if (flagged[r]) {
                issues.add(new Issue(r, y[r], suggested(p[r], y[r]), 1 - p[r][y[r]]));
            }
        }
        issues.sort(Comparator.comparingDouble((Issue s) -> -s.score()).thenComparingInt(Issue::index));
        return new Result(t, c, q, issues);
    }

    /** Each row of C scaled to its class's count, then all of it to sum to 1 (Q in the paper). */
    static double[][] calibrated(long[][] c, long[] count, int n) {
        int m = c.length;
        double[][] q = new double[m][m];
        double total = 0;
        for (int i = 0; i < m; i++) {
            long row = 0;
            for (int j = 0; j < m; j++) {
                row += c[i][j];
            }
            for (int j = 0; j < m; j++) {
                q[i][j] = row == 0 ? 0 : (double) c[i][j] / row * count[i];
                total += q[i][j];
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                q[i][j] = total == 0 ? 0 : q[i][j] / total;
            }
        }
        return q;
    }

    private static int suggested(double[] p, int given) {
        int best = -1;
        for (int j = 0; j < p.length; j++) {
            if (j != given && (best < 0 || p[j] > p[best])) {
                best = j;
            }
        }
        return best;
    }
}
