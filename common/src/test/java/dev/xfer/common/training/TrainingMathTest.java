package dev.xfer.common.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Class weights as scikit-learn computes them, reproducible stratified splits and folds, metric values. */
class TrainingMathTest {
    private static final List<String> CLASSES = List.of("cat", "dog");

    @Test
    void balancedWeightsMatchScikitLearn() {
        int[] y = {0, 0, 0, 1};
        // sklearn.utils.class_weight.compute_class_weight('balanced', classes=[0, 1], y=y) = [0.6667, 2.0]
        assertArrayEquals(new double[] {4.0 / 6, 2.0}, ClassWeights.parse("balanced").perClass(y, CLASSES), 1e-12);
        assertArrayEquals(new double[] {1, 3}, ClassWeights.parse("dog=3").perClass(y, CLASSES), 0);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ClassWeights.parse("bird=2").perClass(y, CLASSES));
        assertTrue(e.getMessage().contains("no class 'bird'"), e.getMessage());
    }

    @Test
    void stratifiedSplitsAndFoldsAreSeededAndBalanced() {
        int[] y = new int[100];
        for (int i = 60; i < 100; i++) {
            y[i] = 1;
        }
        Split[] a = Splits.stratified(y, 2, 0.2, 0.1, 7);
        assertArrayEquals(a, Splits.stratified(y, 2, 0.2, 0.1, 7), "same seed, same split");
        assertTrue(!Arrays.equals(a, Splits.stratified(y, 2, 0.2, 0.1, 8)), "another seed, another split");
        long valCats = java.util.stream.IntStream.range(0, 100).filter(i -> a[i] == Split.VAL && y[i] == 0).count();
        long valDogs = java.util.stream.IntStream.range(0, 100).filter(i -> a[i] == Split.VAL && y[i] == 1).count();
        assertEquals(12, valCats);
        assertEquals(8, valDogs);
        int[] folds = Splits.folds(y, 2, 5, 3);
        for (int f = 0; f < 5; f++) {
            int fold = f;
            assertEquals(20, Arrays.stream(folds).filter(v -> v == fold).count());
        }
    }

    @Test
    void groupedFoldsKeepGroupsTogetherAndEqualPlainFoldsForSingletons() {
        int[] y = new int[100];
        for (int i = 60; i < 100; i++) {
            y[i] = 1;
        }
        int[] alone = java.util.stream.IntStream.range(0, 100).toArray();
        assertArrayEquals(Splits.folds(y, 2, 5, 3), Splits.groupedFolds(y, alone, 2, 5, 3),
                "no groups: exactly the plain folds, so leaderboards differ only by the duplicates");
        int[] groups = alone.clone();
        groups[1] = 0;
        groups[2] = 0;
        groups[70] = 61;
        groups[99] = 61;
        int[] f = Splits.groupedFolds(y, groups, 2, 5, 3);
        assertEquals(f[0], f[1]);
        assertEquals(f[0], f[2]);
        assertEquals(f[61], f[70]);
        assertEquals(f[61], f[99]);
        for (int k = 0; k < 5; k++) {
            int fold = k;
            long n = Arrays.stream(f).filter(v -> v == fold).count();
            assertTrue(n >= 18 && n <= 22, "folds stay balanced: " + n);
        }
        assertThrows(BadInputException.class, () -> Splits.groupedFolds(new int[] {0, 0, 1, 1}, new int[] {0, 0, 2, 3},
                2, 2, 1), "one group of cats cannot fill two folds");
    }

    @Test
    void metricsOfAKnownConfusion() {
        int[] y = {0, 0, 0, 1, 1};
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.4, 0.6}, {0.3, 0.7}, {0.2, 0.8}};
        Metrics m = Metrics.of(y, p, CLASSES);
        assertEquals(0.8, m.accuracy(), 1e-12);
        assertEquals((2.0 / 3 + 1) / 2, m.balancedAccuracy(), 1e-12);
        assertArrayEquals(new int[] {2, 1}, m.confusion()[0]);
        // sklearn.metrics.log_loss(y, p)
        double ll = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.7) + Math.log(0.8)) / 5;
        assertEquals(ll, m.logLoss(), 1e-12);
        // f1: cat p=1, r=2/3 -> 0.8; dog p=2/3, r=1 -> 0.8
        assertEquals(0.8, m.macroF1(), 1e-12);
    }
}
