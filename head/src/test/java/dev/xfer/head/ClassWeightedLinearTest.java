package dev.xfer.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Progress;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.spec.HeadSpec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * logreg and the linear svm weight classes in their loss as scikit-learn's do: weights of 1 change nothing, and
 * 'balanced' (n / (k * count)) moves the decision towards a rare class that overlaps the others.
 */
class ClassWeightedLinearTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** 200 rows of a, 200 of b, 20 of c, in 6 dimensions; c is off to one side of both, overlapping them. */
    private static Rows imbalanced(long seed) {
        Random r = new Random(seed);
        int[] counts = {200, 200, 20};
        int n = 420;
        int dim = 6;
        float[] x = new float[n * dim];
        int[] y = new int[n];
        int i = 0;
        for (int c = 0; c < 3; c++) {
            for (int m = 0; m < counts[c]; m++, i++) {
                y[i] = c;
                for (int j = 0; j < dim; j++) {
                    double centre = j == 0 ? (c == 0 ? -1.5 : c == 1 ? 1.5 : 0) : j == 1 && c == 2 ? 1.5 : 0;
                    x[i * dim + j] = (float) (centre + r.nextGaussian());
                }
            }
        }
        return new Rows(x, y, dim);
    }

    private static double[][] fit(String spec, Rows train, Rows test, String weights) {
        return Heads.fit(HeadSpec.parse(spec), train, new Rows(new float[0], new int[0], train.dim()), CLASSES,
                ClassWeights.parse(weights), Progress.SILENT).head().predictProba(test.x(), test.count(), test.dim());
    }

    /** How many of class {@code c}'s test rows are predicted as c. */
    private static int recall(double[][] p, Rows test, int c) {
        int hits = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                best = p[i][k] > p[i][best] ? k : best;
            }
            hits += test.y()[i] == c && best == c ? 1 : 0;
        }
        return hits;
    }

    @Test
    void weightsOfOneFindTheUnweightedSolution() {
        Rows train = imbalanced(1);
        Rows test = imbalanced(2);
        for (String spec : List.of("logreg", "logreg:C=0.05", "svm")) {
            double[][] plain = fit(spec, train, test, "none");
            double[][] ones = fit(spec, train, test, "a=1,b=1,c=1");
            for (int i = 0; i < plain.length; i++) {
                assertArrayEquals(plain[i], ones[i], 1e-3, spec + " row " + i);
            }
        }
    }

    @Test
    void balancedWeightsFindTheRareClass() {
        Rows train = imbalanced(3);
        Rows test = imbalanced(4);
        for (String spec : List.of("logreg", "svm")) {
            int plain = recall(fit(spec, train, test, "none"), test, 2);
            int balanced = recall(fit(spec, train, test, "balanced"), test, 2);
            assertTrue(balanced >= plain + 5, spec + ": rare class found " + plain + " -> " + balanced + " of 20");
        }
    }
}
