package dev.xfer.doctor.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The confident joint and prune-by-noise-rate on a case worked by hand from the paper's definitions. */
class ConfidentLearningTest {

    @Test
    void aWorkedExample() {
        // labels: four cats (0), four dogs (1); example 3 looks like a dog, example 7 like a cat
        int[] y = {0, 0, 0, 0, 1, 1, 1, 1};
        double[][] p = {{0.9, 0.1}, {0.8, 0.2}, {0.7, 0.3}, {0.2, 0.8}, {0.1, 0.9}, {0.3, 0.7}, {0.2, 0.8},
                {0.6, 0.4}};
        ConfidentLearning.Result r = ConfidentLearning.find(p, y, 2);
        // t_cat = mean p_cat over cats = (0.9 + 0.8 + 0.7 + 0.2) / 4 = 0.65; t_dog = (0.9 + 0.7 + 0.8 + 0.4) / 4 = 0.7
        assertArrayEquals(new double[] {0.65, 0.7}, r.thresholds(), 1e-12);
        // cats: 0 -> cat, 1 -> cat, 2 -> cat (0.7 >= 0.65), 3 -> dog (0.8 >= 0.7);
        // dogs: 4 -> dog, 5 -> dog, 6 -> dog, 7: p_cat 0.6 < 0.65 and p_dog 0.4 < 0.7 -> not counted
        assertArrayEquals(new long[] {3, 1}, r.confidentJoint()[0]);
        assertArrayEquals(new long[] {0, 3}, r.confidentJoint()[1]);
        // calibrated: cat row (3, 1) * 4/4, dog row (0, 3) * 4/3 = (0, 4); Q = C / 8; n * Q[cat][dog] = 1
        assertEquals(1.0 / 8, r.joint()[0][1], 1e-12);
        assertEquals(0.0, r.joint()[1][0], 1e-12);
        assertEquals(List.of(3), r.issues().stream().map(ConfidentLearning.Issue::index).toList());
        ConfidentLearning.Issue i = r.issues().getFirst();
        assertEquals(0, i.given());
        assertEquals(1, i.suggested());
        assertEquals(0.8, i.score(), 1e-12);
    }
}
