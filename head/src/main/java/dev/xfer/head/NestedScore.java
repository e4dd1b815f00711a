package dev.xfer.head;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.xfer.common.training.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The score of choosing a configuration, not of the configuration chosen: for each outer fold, the other folds
 * alone cross-validate every configuration (inner folds), the best by the metric is taken, and its fit on those
 * other folds is scored on the outer fold. Picking the best of many inner means flatters it; this score is
 * measured on rows the choice never saw (Varma and Simon 2006, scikit-learn's nested cross-validation).
 *
 * @param chosen the configuration the inner folds chose, per outer fold
 */
public record NestedScore(@JsonProperty("accuracy") CrossValidation.Stat accuracy,
                          @JsonProperty("balanced_accuracy") CrossValidation.Stat balancedAccuracy,
                          @JsonProperty("macro_f1") CrossValidation.Stat macroF1,
                          @JsonProperty("log_loss") CrossValidation.Stat logLoss,
                          @JsonProperty("outer_folds") int outerFolds, @JsonProperty("inner_folds") int innerFolds,
                          @JsonProperty("chosen") List<String> chosen) {

    /**
     * @param inner  {@code [candidate][outer][inner]}: the metric of the fit that left out folds outer and inner,
     *               scored on inner (the diagonal is unused)
     * @param folds  {@code [candidate][fold]}: the fit that left out only that fold, scored on it
     */
    static NestedScore of(List<String> labels, double[][][] inner, CrossValidation.Scored[][] folds, Metric metric) {
        int k = folds[0].length;
        List<String> chosen = new ArrayList<>();
        double[][] outer = new double[4][k];
        for (int o = 0; o < k; o++) {
            int best = -1;
            double bestMean = 0;
            for (int c = 0; c < labels.size(); c++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    sum += j == o ? 0 : inner[c][o][j];
                }
                double mean = sum / (k - 1);
                if (best < 0 || metric.beats(mean, bestMean)) {
                    best = c;
                    bestMean = mean;
                }
            }
            chosen.add(labels.get(best));
            Metrics m = folds[best][o].metrics();
            outer[0][o] = m.accuracy();
            outer[1][o] = m.balancedAccuracy();
            outer[2][o] = m.macroF1();
            outer[3][o] = m.logLoss();
        }
        return new NestedScore(CrossValidation.Stat.of(outer[0]), CrossValidation.Stat.of(outer[1]),
                CrossValidation.Stat.of(outer[2]), CrossValidation.Stat.of(outer[3]), k, k - 1, chosen);
    }

    /** This score's {@code metric}. */
    public CrossValidation.Stat of(Metric metric) {
        return switch (metric) {
            case ACCURACY -> accuracy;
            case BALANCED_ACCURACY -> balancedAccuracy;
            case MACRO_F1 -> macroF1;
            case LOG_LOSS -> logLoss;
        };
    }
}
