package dev.xfer.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Progress;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.linear.LinearModel;
import dev.xfer.head.spec.HeadSpec;
import dev.xfer.head.spec.HeadType;
import dev.xfer.head.spec.LdaSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every head type on the same three gaussian classes: accurate, reproducible, saved and loaded unchanged. */
class HeadsTest {
    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** Three classes around different means in {@code dim} dimensions. */
    static Rows rows(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (r.nextGaussian() + (j % 3 == y[i] ? 2.0 : 0));
            }
        }
        return new Rows(x, y, dim);
    }

    static double accuracy(Head h, Rows test) {
        double[][] p = h.predictProba(test.x(), test.count(), test.dim());
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                best = p[i][c] > p[i][best] ? c : best;
            }
            right += best == test.y()[i] ? 1 : 0;
            assertEquals(1.0, java.util.Arrays.stream(p[i]).sum(), 1e-9, "probabilities sum to one");
        }
        return right / (double) p.length;
    }

    @Test
    void everyHeadLearnsSavesAndLoadsTheSameModel(@TempDir Path tmp) throws Exception {
        Rows train = rows(240, 12, 1);
        Rows test = rows(90, 12, 2);
        Rows none = new Rows(new float[0], new int[0], 12);
        for (HeadType type : HeadType.values()) {
            HeadSpec spec = HeadSpec.defaults(type, 7);
            Head h = Heads.fit(spec, train, type == HeadType.DENSE ? test : none, CLASSES, ClassWeights.NONE,
                    Progress.SILENT).head();
            double acc = accuracy(h, test);
            assertTrue(acc > 0.85, type + " accuracy " + acc);
            Path dir = Files.createDirectories(tmp.resolve(type.id()));
            List<String> files = h.save(dir);
            if (type != HeadType.GBT) {
                assertFalse(files.contains("model.ser"), type + " is saved as data, not as Java objects: " + files);
            }
            Head back = Heads.load(dir, type, 12, 3);
            double[][] p = h.predictProba(test.x(), test.count(), 12);
            double[][] q = back.predictProba(test.x(), test.count(), 12);
            for (int i = 0; i < p.length; i++) {
                assertArrayEquals(p[i], q[i], 1e-6, type + " row " + i + " after a save and a load");
            }
        }
    }

    @Test
    void forestsAndBoostedTreesAreTheSameForTheSameSeed() {
        Rows train = rows(300, 16, 3);
        Rows test = rows(60, 16, 4);
        Rows none = new Rows(new float[0], new int[0], 16);
        for (HeadType type : List.of(HeadType.RF, HeadType.GBT)) {
            double[][] first = null;
            for (int run = 0; run < 3; run++) {
                HeadSpec spec = HeadSpec.defaults(type, 11);
                double[][] p = Heads.fit(spec, train, none, CLASSES, ClassWeights.NONE, Progress.SILENT).head()
                        .predictProba(test.x(), test.count(), 16);
                if (first == null) {
                    first = p;
                } else {
                    for (int i = 0; i < p.length; i++) {
                        assertArrayEquals(first[i], p[i], 0.0, type + " run " + run + " row " + i);
                    }
                }
            }
        }
    }

    @Test
    void ldaWithFewerRowsThanFeaturesShrinksItsCovariance() {
        Rows train = rows(60, 200, 5);
        Rows test = rows(60, 200, 6);
        Head h = Heads.fit(new LdaSpec(1), train, new Rows(new float[0], new int[0], 200), CLASSES,
                ClassWeights.NONE, Progress.SILENT).head();
        double shrinkage = ((Number) ((LinearModel) h).notes().get("shrinkage")).doubleValue();
        assertTrue(shrinkage > 0 && shrinkage < 1, "shrinkage " + shrinkage);
        assertTrue(accuracy(h, test) > 0.9, "still accurate: " + accuracy(h, test));
        Head full = Heads.fit(new LdaSpec(1), rows(600, 12, 8), new Rows(new float[0], new int[0], 12), CLASSES,
                ClassWeights.NONE, Progress.SILENT).head();
        assertEquals(0.0, ((Number) ((LinearModel) full).notes().get("shrinkage")).doubleValue(),
                "no shrinkage where the covariance is well conditioned");
    }
}
