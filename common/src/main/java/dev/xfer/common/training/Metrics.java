package dev.xfer.common.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * How well a head does on labelled rows: accuracy, balanced accuracy (mean recall), macro-F1, log-loss
 * (probabilities clipped to [1e-15, 1 - 1e-15], as scikit-learn does), a per-class table and the confusion
 * matrix (rows: true class, columns: predicted).
 */
public record Metrics(@JsonProperty("accuracy") double accuracy,
                      @JsonProperty("balanced_accuracy") double balancedAccuracy,
                      @JsonProperty("macro_f1") double macroF1,
                      @JsonProperty("log_loss") double logLoss,
                      @JsonProperty("rows") int rows,
                      @JsonProperty("per_class") List<PerClass> perClass,
                      @JsonProperty("confusion") int[][] confusion) {

    /** One class's line of the table. */
    public record PerClass(@JsonProperty("class") String name, @JsonProperty("precision") double precision,
                           @JsonProperty("recall") double recall, @JsonProperty("f1") double f1,
                           @JsonProperty("accuracy") double accuracy, @JsonProperty("support") int support) {
    }

    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    public static Metrics of(int[] y, double[][] proba, List<String> classes) {
        int k = classes.size();
        int[][] cm = new int[k][k];
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            cm[y[i]][argmax(proba[i])]++;
            double p = Math.min(1 - 1e-15, Math.max(1e-15, proba[i][y[i]]));
            loss -= Math.log(p);
        }
        int correct = 0;
        for (int c = 0; c < k; c++) {
            correct += cm[c][c];
        }
        List<PerClass> table = new ArrayList<>();
        double recallSum = 0;
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            int support = 0;
            int predicted = 0;
            for (int j = 0; j < k; j++) {
                support += cm[c][j];
                predicted += cm[j][c];
            }
            double precision = predicted == 0 ? 0 : (double) cm[c][c] / predicted;
            double recall = support == 0 ? 0 : (double) cm[c][c] / support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            // per-class accuracy as Keras users report it: the share of this class's images classified right
            table.add(new PerClass(classes.get(c), precision, recall, f1, recall, support));
            if (support > 0) {
                recallSum += recall;
                f1Sum += f1;
                present++;
            }
        }
        int n = y.length;
        return new Metrics(n == 0 ? 0 : (double) correct / n, present == 0 ? 0 : recallSum / present,
                present == 0 ? 0 : f1Sum / present, n == 0 ? 0 : loss / n, n, table, cm);
    }
}
